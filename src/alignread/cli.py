"""The `alignread` command: thin Click commands over the library."""

from __future__ import annotations

import functools
import sys
import time
from pathlib import Path
from typing import Any, Callable

import click

from alignread import __version__
from alignread.core.errors import AlignreadError

EXPORT_FORMATS = ("yaml", "tsv", "beads")


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
        except ValueError as exc:  # the lexicon loaders report bad dictionaries this way
            _fail(str(exc))
        except KeyboardInterrupt:
            click.echo("alignread: interrupted", err=True)
            sys.exit(130)

    return wrapper


def _status(message: str, quiet: bool = False) -> None:
    if not quiet and sys.stderr.isatty():
        click.echo(message, err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="alignread")
def main() -> None:
    """Read, annotate and align English–Indonesian essays.

    \b
    Examples:
      alignread align corpora/word-of-mouth -o word-of-mouth.yaml
      alignread show word-of-mouth.yaml | less
      alignread eval ../shared/enid/ntrex-hard
    """


# ------------------------------------------------------------------ shared options


def nlp_options(fn: Callable[..., Any]) -> Callable[..., Any]:
    fn = click.option(
        "--nlp", "nlp", multiple=True, metavar="SPEC",
        help="NLP pipeline: 'spacy' (default) or 'stanza'; LANG=MODEL uses an installed spaCy "
        "pipeline for one language, e.g. --nlp en=en_core_web_sm. Repeatable.",
    )(fn)
    fn = click.option("--stanza-dir", type=click.Path(file_okay=False), default=None,
                      help="Folder of Stanza models (default: Stanza's own resources folder).")(fn)
    return fn


def aligner_options(fn: Callable[..., Any]) -> Callable[..., Any]:
    fn = click.option(
        "--aligner", type=click.Choice(["default", "baseline"]), default="default", show_default=True,
        help="'baseline' is Gale & Church (1993): sentence lengths only.",
    )(fn)
    fn = click.option(
        "--dict", "dictionaries", multiple=True, type=click.Path(dir_okay=False),
        help="Extra English–Indonesian dictionary: hunalign format ('indonesian @ english') or "
        "two-column TSV (english<TAB>indonesian). Repeatable.",
    )(fn)
    return fn


def make_config(aligner: str, dictionaries: tuple[str, ...]):
    from alignread.align.aligner import BASELINE, DEFAULT, with_lexicon
    from alignread.align.lexicon import Lexicon, load_dictionary

    config = BASELINE if aligner == "baseline" else DEFAULT
    if dictionaries:
        lexicon = Lexicon()
        for path in dictionaries:
            lexicon = lexicon.merged(load_dictionary(path))
        config = with_lexicon(config, lexicon)
    return config


def make_nlp(nlp: tuple[str, ...], stanza_dir: str | None):
    from alignread.nlp import parse_nlp_options

    return parse_nlp_options(nlp, stanza_dir)


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
@click.option("-q", "--quiet", is_flag=True, help="No progress messages.")
@friendly_errors
def align(inputs, output, encoding, title, no_language_check, nlp, stanza_dir, aligner, dictionaries, quiet):
    """Align an English text with its Indonesian translation.

    Writes one annotated-YAML file holding both texts, their paragraphs and sentences,
    and the beads (1-1, 2-1, 1-0, ...) with a confidence each.

    \b
    Examples:
      alignread align essay.en.txt essay.id.txt -o essay.yaml
      alignread align corpora/word-of-mouth -o word-of-mouth.yaml
      alignread align old.txt baru.txt --encoding cp1252 --dict my.dic -o pair.yaml
    """
    from alignread.align.pair import build_pair
    from alignread.core.textio import read_text
    from alignread.store.pairfile import save

    en_path, id_path, meta = resolve_inputs(inputs)
    if title:
        from dataclasses import replace

        meta = replace(meta, title=title)
    config = make_config(aligner, dictionaries)
    spec = make_nlp(nlp, stanza_dir)
    _check_output(output)
    en_text = read_text(en_path, encoding)
    id_text = read_text(id_path, encoding)
    t0 = time.perf_counter()
    pair = build_pair(
        en_text, id_text, en_file=en_path, ind_file=id_path, meta=meta, config=config, nlp=spec,
        check_languages=not no_language_check, progress=lambda m: _status(f"alignread: {m}", quiet),
    )
    pair = _keep_annotations(pair, output)
    save(pair, output)
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


def _keep_annotations(pair, output: str):
    """Aligning over an existing file keeps its concepts and annotations.

    When the texts are unchanged the sentence ids are too, so annotations carry over as
    they are; otherwise the file is not overwritten (realign it in the reader or with
    `alignread batch`, which re-attach annotations by their quotes).
    """
    from dataclasses import replace

    from alignread.store.pairfile import load

    if output == "-" or not Path(output).exists():
        return pair
    try:
        old = load(output)
    except AlignreadError:
        if Path(output).stat().st_size == 0:
            return pair
        raise AlignreadError(output, "exists and is not an alignread file; not overwriting it") from None
    if not old.annotations and not old.concepts:
        return pair
    if (old.en.digest, old.ind.digest) != (pair.en.digest, pair.ind.digest) or \
            [s.text for s in old.en.sentences] != [s.text for s in pair.en.sentences] or \
            [s.text for s in old.ind.sentences] != [s.text for s in pair.ind.sentences]:
        raise AlignreadError(
            output, f"holds {len(old.annotations)} annotations on different texts; not overwriting it "
            "(write to another file, or realign with alignread batch, which re-attaches them)"
        )
    return replace(pair, concepts=old.concepts, annotations=old.annotations, meta=old.meta if not pair.meta.title else pair.meta)


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

    from alignread.formats.text import side_by_side
    from alignread.store.pairfile import load

    pair = load(pair_file)
    if width is None:
        width = shutil.get_terminal_size((100, 24)).columns if sys.stdout.isatty() else 100
    click.echo(side_by_side(pair, width))


# ------------------------------------------------------------------ export


@main.command()
@click.argument("pair_file", metavar="PAIR.yaml", type=click.Path(dir_okay=False))
@click.option("-f", "--format", "fmt", type=click.Choice(EXPORT_FORMATS), default="yaml", show_default=True,
              help="yaml: the annotated YAML; tsv: a table for spreadsheets; beads: Vecalign's [0, 1]:[2] lines.")
@click.option("-o", "--output", default="-", show_default=True, help="Output file ('-' is stdout).")
@friendly_errors
def export(pair_file, fmt, output):
    """Export an aligned pair for other tools.

    \b
    Examples:
      alignread export word-of-mouth.yaml --format tsv -o word-of-mouth.tsv
      alignread export word-of-mouth.yaml --format beads
    """
    from alignread.formats import render
    from alignread.store.atomic import atomic_write_text
    from alignread.store.pairfile import load

    _check_output(output)
    pair = load(pair_file)
    atomic_write_text(output, render(pair, fmt))


# ------------------------------------------------------------------ eval


@main.command("eval")
@click.argument("gold_dir", type=click.Path(file_okay=False))
@click.option("--save", "save_dir", type=click.Path(file_okay=False), default=None,
              help="Also write each document's beads to DIR/<doc>.beads.")
@aligner_options
@click.option("--per-document", is_flag=True, help="Also print the figures of each document.")
@friendly_errors
def eval_(gold_dir, save_dir, aligner, dictionaries, per_document):
    """Score the aligner against gold alignments.

    GOLD_DIR holds <doc>.en.sents and <doc>.id.sents (one sentence a line) and <doc>.gold
    (beads such as [0, 1]:[2]). Prints strict and lax precision, recall and F1 as Vecalign
    and Bertalign define them (Thompson & Koehn 2019; Liu & Zhu 2022).

    \b
    Example:
      alignread eval ../shared/enid/ntrex-hard --save out/beads
    """
    from alignread.align.evaluate import document_counts, evaluate_folder, gold_documents, scores

    if not Path(gold_dir).is_dir():
        raise AlignreadError(gold_dir, "no such folder")
    if not gold_documents(gold_dir):
        raise AlignreadError(gold_dir, "holds no <doc>.gold with <doc>.en.sents and <doc>.id.sents")
    config = make_config(aligner, dictionaries)
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
def read(inputs, output, concepts_file, theme, encoding, no_language_check, nlp, stanza_dir, aligner, dictionaries):
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
            raise AlignreadError("--theme", f"unknown theme {theme!r} (try {', '.join(sorted(BUILTIN_THEMES)[:6])}, ...)")
    align = {"encoding": encoding, "check_languages": not no_language_check}
    if nlp or stanza_dir:
        align["nlp"] = make_nlp(nlp, stanza_dir)
    if aligner != "default" or dictionaries:
        align["config"] = make_config(aligner, dictionaries)
    target = plan(inputs, output, **align)

    from alignread.tui.app import AlignreadApp

    AlignreadApp(target, concepts_file=concepts_file, theme=theme).run()


if __name__ == "__main__":  # pragma: no cover
    main()

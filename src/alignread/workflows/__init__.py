"""What a command does, as a library call a test can make without a terminal.

- `build`: two texts -> an aligned `TextPair` (segment, check languages, align the two together);
- `import_essay`: a one-file bilingual essay -> a `TextPair` with its layout;
- `realign`: aligning again over an existing output, keeping a reader's work (one set of
  rules for `align`, `import`, `batch` and the reader);
- `batch`: a whole corpus, in parallel and resumably;
- `evaluate`: a folder of gold alignments, scored.

See docs/architecture.md for how the layers fit together.
"""

"""Harder alignment problems made from easy ones, for calibrating confidence.

The development sets are aligned almost perfectly, so they cannot show whether a
confidence of 0.7 means "right 7 times in 10". `stress` degrades a gold-aligned document
the way careless translations and copy-paste do: sentences dropped on either side,
sentences from another document inserted, and neighbouring sentences joined, with the
gold beads rewritten to match. Deterministic for a given seed.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

from alignread.core.model import BeadIds


def stress(
    en: Sequence[str],
    ind: Sequence[str],
    gold: Sequence[BeadIds],
    donor_en: Sequence[str],
    donor_ind: Sequence[str],
    seed: int,
    rate: float = 0.12,
) -> tuple[list[str], list[str], list[BeadIds]]:
    """A degraded copy of an aligned document: (English, Indonesian, gold beads)."""
    rng = random.Random(seed)
    pieces: list[tuple[list[str], list[str]]] = []  # each gold bead's texts, then edits
    for e, i in gold:
        pieces.append(([en[k] for k in e], [ind[k] for k in i]))
    out: list[tuple[list[str], list[str]]] = []
    for e_texts, i_texts in pieces:
        roll = rng.random()
        if roll < rate and e_texts and i_texts:
            # The translator dropped this bead's Indonesian: its English stands alone.
            out.append((e_texts, []))
        elif roll < 2 * rate and e_texts and i_texts:
            out.append(([], i_texts))
        elif roll < 3 * rate and len(i_texts) == 1 and len(e_texts) == 1:
            # Joined with the next bead on the Indonesian side, when that is a 1-1 too.
            out.append((e_texts, i_texts))
            out.append(("JOIN",))  # type: ignore[arg-type]
        else:
            out.append((e_texts, i_texts))
        roll = rng.random()
        if roll < rate / 2 and donor_en:
            out.append(([rng.choice(donor_en)], []))
        elif roll < rate and donor_ind:
            out.append(([], [rng.choice(donor_ind)]))
    # Apply joins: a JOIN marker merges the bead before it with the bead after it into a
    # 2-1 bead whose Indonesian is one sentence.
    merged: list[tuple[list[str], list[str]]] = []
    k = 0
    while k < len(out):
        item = out[k]
        if item == ("JOIN",):
            k += 1
            continue
        if k + 2 < len(out) and out[k + 1] == ("JOIN",):
            nxt = out[k + 2]
            if len(nxt[0]) == 1 and len(nxt[1]) == 1:
                merged.append((item[0] + nxt[0], [item[1][0] + " " + nxt[1][0]]))
                k += 3
                continue
        merged.append(item)
        k += 1
    new_en: list[str] = []
    new_ind: list[str] = []
    beads: list[BeadIds] = []
    for e_texts, i_texts in merged:
        e_ids = tuple(range(len(new_en), len(new_en) + len(e_texts)))
        i_ids = tuple(range(len(new_ind), len(new_ind) + len(i_texts)))
        new_en.extend(e_texts)
        new_ind.extend(i_texts)
        if e_ids or i_ids:
            beads.append((e_ids, i_ids))
    return new_en, new_ind, beads


def long_joins(
    en: Sequence[str],
    ind: Sequence[str],
    gold: Sequence[BeadIds],
    seed: int,
    rate: float = 0.08,
    longest: int = 12,
) -> tuple[list[str], list[str], list[BeadIds]]:
    """A copy of an aligned document in which one side says in one sentence what the other
    says in several: runs of 4 to `longest` consecutive 1-1 beads are joined, on one side
    chosen at random, into one sentence (`A, b, c and d.`), making 1-n and n-1 gold beads.
    A run starts at a 1-1 bead with chance `rate`. Deterministic for a given seed."""
    rng = random.Random(seed)
    out_en: list[str] = []
    out_ind: list[str] = []
    beads: list[BeadIds] = []
    k = 0
    while k < len(gold):
        e, i = gold[k]
        run = 0
        if len(e) == 1 and len(i) == 1 and rng.random() < rate:
            want = rng.randint(4, longest)
            while run < want and k + run < len(gold) and len(gold[k + run][0]) == 1 and len(gold[k + run][1]) == 1:
                run += 1
        if run >= 4:
            es = [en[gold[k + r][0][0]] for r in range(run)]
            is_ = [ind[gold[k + r][1][0]] for r in range(run)]
            if rng.random() < 0.5:
                es = [_joined(es)]
            else:
                is_ = [_joined(is_)]
            k += run
        else:
            es, is_ = [en[x] for x in e], [ind[x] for x in i]
            k += 1
        beads.append((tuple(range(len(out_en), len(out_en) + len(es))),
                      tuple(range(len(out_ind), len(out_ind) + len(is_)))))
        out_en.extend(es)
        out_ind.extend(is_)
    return out_en, out_ind, [b for b in beads if b[0] or b[1]]


def _joined(sentences: list[str]) -> str:
    """Sentences as one: `A, b, c and d.` (full stops dropped, later ones lowercased)."""
    parts = [s.rstrip().rstrip(".!?") for s in sentences]
    parts = [parts[0]] + [p[:1].lower() + p[1:] if p[1:2].islower() else p for p in parts[1:]]
    return ", ".join(parts) + "."

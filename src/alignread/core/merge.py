"""Merging two versions of a document made from the same one (a three-way merge).

When a reader saves a tag while another program (a batch run, `alignread align`, another
reader) wrote the same file, neither version may simply replace the other. Both started
from a *base*; *mine* and *theirs* are what each made of it. What a reader writes in the
reader is annotations and concepts, and annotations hold their place by what they quote,
not by bead numbers, so most such pairs of changes merge:

- When only one side changed the texts or the beads (realigned, merged or split beads),
  the merge takes that side's texts and beads and applies the other side's changes to
  annotations and concepts on top. An annotation added on the other side is placed on the
  new texts by what it quotes (`alignread.core.reattach`), as realigning places it; if
  its text is gone it is kept, detached.
- Annotations are compared by id, and by what a reader changes in them (concepts, note):
  one side's change is taken when the other side left that annotation as it was; an
  annotation both sides changed differently, or one side removed and the other changed,
  is a conflict, and so are two new annotations on the whole of the same bead (two notes
  written on one bead at once: which is the bead's note is for the reader to say).
- Concepts defined on either side are kept (the side that did not change a definition
  takes the other's), and so are concept suggestions either side dismissed.

When both sides changed the texts or the beads, or an annotation conflicts, there is no
merge (`None`): the caller keeps both versions apart and asks.
"""

from __future__ import annotations

from dataclasses import replace

from alignread.core.annotate import next_annotation_id
from alignread.core.model import Annotation, Concept, Dismissal, TextPair
from alignread.core.reattach import reattach, reattach_dismissals


def same_structure(a: TextPair, b: TextPair) -> bool:
    """Whether two versions have the same texts, sentences and beads (only their annotations,
    concepts or metadata may differ)."""
    return (a.en is b.en or a.en == b.en) and (a.ind is b.ind or a.ind == b.ind) and \
        (a.beads is b.beads or a.beads == b.beads) and a.layout == b.layout


def _content(a: Annotation | None) -> tuple | None:
    """What a reader changes in an annotation (not where it sits, which realigning changes)."""
    return None if a is None else (a.concepts, a.note, a.is_phrase, a.side, a.quote_en, a.quote_ind,
                                   a.counterpart is not None)


def _concepts(base: TextPair, mine: TextPair, theirs: TextPair) -> tuple[Concept, ...] | None:
    b = {c.id: c for c in base.concepts}
    m = {c.id: c for c in mine.concepts}
    t = {c.id: c for c in theirs.concepts}
    out = dict(t)
    for cid, concept in m.items():
        if cid not in t:
            if cid not in b or b[cid] != concept:
                out[cid] = concept  # added (or changed) by me, removed or absent in theirs
            continue
        if concept == t[cid] or concept == b.get(cid):
            continue  # the same, or only they changed it
        if t[cid] != b.get(cid):
            return None  # both changed one definition differently
        out[cid] = concept
    for cid in list(out):
        if cid in b and cid not in m and out[cid] == b[cid]:
            del out[cid]  # removed by me, untouched by them
    order = [c.id for c in theirs.concepts] + [c.id for c in mine.concepts if c.id not in t]
    return tuple(out[cid] for cid in order if cid in out)


def _dismissed(base: TextPair, into: TextPair, other: TextPair) -> tuple[Dismissal, ...]:
    """Dismissed suggestions of both sides, less those one side took back (by undoing)."""
    placed = other.dismissed if same_structure(other, into) else reattach_dismissals(other, into)
    was = {(d.concept, d.quote) for d in base.dismissed}
    keep_other = {(d.concept, d.quote) for d in other.dismissed}
    out = [d for d in into.dismissed if (d.concept, d.quote) in keep_other or (d.concept, d.quote) not in was]
    seen = {(d.concept, d.side, d.start, d.end) for d in out}
    for d in placed:
        if (d.concept, d.quote) not in was and (d.concept, d.side, d.start, d.end) not in seen:
            out.append(d)
    return tuple(out)


def merge(base: TextPair, mine: TextPair, theirs: TextPair) -> TextPair | None:
    """`mine` and `theirs`, both made from `base`, as one document; None when they conflict."""
    if same_structure(mine, base):
        into, other, other_is_mine = theirs, mine, True
    elif same_structure(theirs, base):
        into, other, other_is_mine = mine, theirs, False
    else:
        return None
    concepts = _concepts(base, mine, theirs)
    if concepts is None:
        return None
    b = {a.id: a for a in base.annotations}
    o = {a.id: a for a in other.annotations}
    i = {a.id: a for a in into.annotations}
    result: dict[str, Annotation] = dict(i)
    added: list[Annotation] = []
    # Changes made on the side whose structure stayed as it was, carried onto the other.
    for aid in dict.fromkeys([*b, *o]):
        was, now, there = b.get(aid), o.get(aid), i.get(aid)
        if _content(now) == _content(was):
            continue  # not changed on this side
        if was is None:
            added.append(now)  # type: ignore[arg-type]  # new on this side
            continue
        if there is not None and _content(there) != _content(was) and _content(there) != _content(now):
            return None  # changed on both sides, differently
        if now is None:
            if there is not None and _content(there) == _content(was):
                del result[aid]  # removed here, untouched there
            continue
        if there is None:
            return None  # removed there, changed here
        result[aid] = replace(there, concepts=now.concepts, note=now.note, modified=now.modified)
    annotations = [result[a.id] for a in into.annotations if a.id in result]
    theirs_new = {(a.en, a.ind) for a in into.annotations if not a.is_phrase and a.id not in b}
    if any(not a.is_phrase and (a.en, a.ind) in theirs_new for a in added) and same_structure(other, into):
        return None  # both wrote on the whole of one bead
    if added:
        # Placed on `into`'s texts by what they quote, as realigning places annotations.
        placed, _ = reattach(replace(other, annotations=tuple(added)), into) if not same_structure(other, into) \
            else (tuple(added), ())
        taken = replace(into, annotations=tuple(annotations))
        for ann in placed:
            if ann.id in result or any(a.id == ann.id for a in annotations):
                ann = replace(ann, id=next_annotation_id(taken))
            annotations.append(ann)
            taken = replace(taken, annotations=tuple(annotations))
    merged = replace(into, concepts=concepts, annotations=tuple(annotations),
                     dismissed=_dismissed(base, into, other))
    if not other_is_mine:
        # My structure (beads I merged or split), their annotation changes on it.
        merged = replace(merged, meta=theirs.meta if theirs.meta != base.meta else mine.meta)
    return merged

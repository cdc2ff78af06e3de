"""Join PDF files page after page into one file, written as it is read.

Each file's pages, and what they use, are copied object by object and renumbered; a file is
closed before the next is opened, and what is kept of it is the offsets of its objects and the
numbers of its pages. (qpdf, joining with pikepdf, keeps every object of every file until the end:
about 6 kB an object, 700 MB for a 10,000-practice report.) The joined file gets one page tree,
one table of named destinations, one outline, its title and language, and one structure tree
(the files are tagged, PDF/UA): each file's top structure elements become children of the joined
file's one Document element, and its parent tree entries (what marked content and annotations
belong to) are renumbered after those of the files before it and written as a leaf of the
joined parent tree as the file is copied.
"""

from array import array
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import BinaryIO

import pikepdf

from synthesis.render import pdf_tags
from synthesis.render.pdf_layout import Anchor, Heading

DESTS_PER_LEAF = 512
_PARENT_KEYS = frozenset({"/StructParents", "/StructParent"})


class Anchors:
    """Named places, kept in columns as they come part after part: a report has one a point
    (140,000 at 100,000 practices), which as objects took 25 MiB until the file was finished."""

    def __init__(self) -> None:
        self.names: list[str] = []  # each part's names, joined by NUL (never in an HTML id)
        self.pages = array("q")
        self.lefts = array("d")
        self.tops = array("d")

    def add(self, anchors: Iterable[Anchor], pages_before: int = 0) -> None:
        """Add a part's anchors, its pages numbered from `pages_before`."""
        anchors = list(anchors)
        if anchors:
            self.names.append("\0".join(anchor.name for anchor in anchors))
            self.pages.extend(anchor.page + pages_before for anchor in anchors)
            self.lefts.extend(anchor.left for anchor in anchors)
            self.tops.extend(anchor.top for anchor in anchors)

    def shift(self, pages: int) -> None:
        """Pages placed before all of them (the front matter)."""
        self.pages = array("q", (page + pages for page in self.pages))

    def __len__(self) -> int:
        return len(self.pages)

    def __iter__(self) -> Iterator[Anchor]:
        names = (name for joined in self.names for name in joined.split("\0"))
        for name, page, left, top in zip(names, self.pages, self.lefts, self.tops, strict=True):
            yield Anchor(name, page, left, top)


@dataclass
class _Item:
    heading: Heading
    number: int
    children: list["_Item"] = field(default_factory=list)


class Joiner:
    """Add files in the order their pages come, or in any order with `first` pages placed first;
    then `finish` with the destinations and outline, in indexes of the joined pages."""

    def __init__(self, out: BinaryIO) -> None:
        self.out = out
        self.start = out.tell()
        # By object number (0 is the table's free head); ints in an array: 8 bytes each, not 36.
        self.offsets = array("q", [0])
        self.body = array("q")
        self.first = array("q")
        # The file being copied: its objects' numbers in the joined file, and those still to write.
        self.numbers: dict[tuple[int, int], int] = {}
        self.pending: list[pikepdf.Object] = []
        self.tree = self._reserve()
        # The structure tree: its root, its Document element, the elements under it (the front
        # matter's first) and the leaves of its parent tree, whose keys run on from file to file.
        self.struct_root, self.struct_document = self._reserve(), self._reserve()
        self.struct_body = array("q")
        self.struct_first = array("q")
        self.parent_leaves = array("q")
        self.parent_keys = 0
        self.key_offset = 0
        self.out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")

    def add(
        self,
        path: str,
        links: Iterable[tuple[int, tuple[float, float, float, float], str]] = (),
        first: bool = False,
    ) -> None:
        """Copy a file's pages. `links`: (page of this file, rectangle, destination name) to add."""
        with pikepdf.open(path) as pdf:
            pdf_tags.add_links(pdf, list(links))
            structure = pdf.Root.get("/StructTreeRoot")
            if structure is not None:  # its root and Document element are the joined file's
                self.numbers[structure.objgen] = self.struct_root
                for element in structure.get("/K", []):
                    if element.is_indirect:
                        self.numbers[element.objgen] = self.struct_document
                self.key_offset = self.parent_keys
            pages: list[int] = []
            for page in pdf.pages:
                pages.append(self._number(page.obj))
                self.pending.pop()  # written here, with its parent and added links
                body = self._page(page.obj, [])
                self._write_object(pages[-1], body)
            if structure is not None:
                self._structure(structure, first)
            while self.pending:
                obj = self.pending.pop()
                self._write_object(self.numbers[obj.objgen], self._indirect(obj))
            self.numbers = {}  # the next file's objects are other objects
        (self.first if first else self.body).extend(pages)

    def finish(
        self, title: str, lang: str, anchors: Iterable[Anchor], headings: list[Heading]
    ) -> int:
        """Write the page tree, destinations, outline and trailer; returns the file's size."""
        kids = list(self.first + self.body)
        self._write_object(
            self.tree,
            b"<</Type/Pages/Count %d/Kids[%s]>>" % (len(kids), b" ".join(_ref(k) for k in kids)),
        )
        dests = self._dests(anchors, kids)
        outline = self._outline(headings, kids)
        info = self._write_object(self._reserve(), b"<</Title" + _text(title) + b">>")
        tagged = self._finish_structure(lang)
        metadata = self._write_object(self._reserve(), pdf_tags.metadata(title, lang))
        catalog = self._write_object(
            self._reserve(),
            b"<</Type/Catalog/Pages "
            + _ref(self.tree)
            + b"/Names<</Dests "
            + _ref(dests)
            + b">>/Outlines "
            + _ref(outline)
            + b"/PageMode/UseOutlines/Lang"
            + _text(lang)
            + b"/Metadata "
            + _ref(metadata)
            + b"/ViewerPreferences<</DisplayDocTitle true>>"
            + tagged
            + b">>",
        )
        table = self.out.tell() - self.start
        self.out.write(b"xref\n0 %d\n0000000000 65535 f \n" % len(self.offsets))
        for start in range(1, len(self.offsets), 4096):  # 20 bytes a row: not all at once
            rows = self.offsets[start : start + 4096]
            self.out.write(b"".join(b"%010d 00000 n \n" % offset for offset in rows))
        self.out.write(
            b"trailer\n<</Size %d/Root %s/Info %s>>\nstartxref\n%d\n%%%%EOF\n"
            % (len(self.offsets), _ref(catalog), _ref(info), table)
        )
        return self.out.tell() - self.start

    def _structure(self, root: pikepdf.Object, first: bool) -> None:
        """A file's structure elements under the joined Document element, and its parent tree
        as a leaf of the joined one, its keys after those of the files before."""
        kids = self.struct_first if first else self.struct_body
        for element in root.get("/K", []):
            for child in element.get("/K", []):
                kids.append(self._number(child))
        pairs = []
        tree: pikepdf.Object | dict[str, pikepdf.Object] = root.get("/ParentTree", {})
        nums: pikepdf.Object | list[pikepdf.Object] = tree.get("/Nums", [])
        for index in range(0, len(nums), 2):
            key = int(nums[index]) + self.key_offset
            pairs.append(b"%d %s" % (key, self._direct(nums[index + 1])))
            self.parent_keys = max(self.parent_keys, key + 1)
        if pairs:
            low, high = self.key_offset, self.parent_keys - 1
            leaf = b"<</Limits[%d %d]/Nums[%s]>>" % (low, high, b" ".join(pairs))
            self.parent_leaves.append(self._write_object(self._reserve(), leaf))

    def _finish_structure(self, lang: str) -> bytes:
        """The structure tree's root and Document element; the catalog's entries for them."""
        if not self.parent_leaves and not (self.struct_first or self.struct_body):
            for number in (self.struct_root, self.struct_document):  # untagged files
                self._write_object(number, b"null")
            return b""
        parent_tree = self._write_object(
            self._reserve(), b"<</Kids[%s]>>" % b" ".join(map(_ref, self.parent_leaves))
        )
        kids = b" ".join(map(_ref, self.struct_first + self.struct_body))
        self._write_object(
            self.struct_document,
            b"<</Type/StructElem/S/Document/P %s/Lang%s/K[%s]>>"
            % (_ref(self.struct_root), _text(lang), kids),
        )
        self._write_object(
            self.struct_root,
            b"<</Type/StructTreeRoot/K[%s]/ParentTree %s/ParentTreeNextKey %d>>"
            % (_ref(self.struct_document), _ref(parent_tree), self.parent_keys),
        )
        return b"/StructTreeRoot " + _ref(self.struct_root) + b"/MarkInfo<</Marked true>>"

    def _page(self, page: pikepdf.Object, extra: list[int]) -> bytes:
        entries = [b"/Parent " + _ref(self.tree)]
        annotations = [self._direct(a) for a in page.get("/Annots", [])]
        annotations += [_ref(number) for number in extra]
        if annotations:
            entries.append(b"/Annots[" + b" ".join(annotations) + b"]")
        entries.append(self._entries(page, skip={"/Parent", "/Annots"}))
        return b"<<" + b"".join(entries) + b">>"

    def _indirect(self, obj: pikepdf.Object) -> bytes:
        """An object as it is written after `n 0 obj`: a stream keeps its encoded bytes."""
        if isinstance(obj, pikepdf.Stream):
            raw = obj.read_raw_bytes()
            entries = self._entries(obj.stream_dict, skip={"/Length"})
            return b"<<%s/Length %d>>stream\n%s\nendstream" % (entries, len(raw), raw)
        return self._value(obj)

    def _entries(self, mapping: pikepdf.Object, skip: set[str] | None = None) -> bytes:
        """A dictionary's keys and values, without its brackets; a page's or an annotation's
        key in the parent tree is renumbered as the file's parent tree is."""
        return b"".join(
            pikepdf.Name(key).unparse()
            + b" "
            + (
                b"%d" % (int(value) + self.key_offset)
                if key in _PARENT_KEYS
                else self._direct(value)
            )
            for key, value in mapping.items()
            if not skip or key not in skip
        )

    def _direct(self, obj: pikepdf.Object) -> bytes:
        """A value where it is used: a reference to an indirect object, the value otherwise."""
        if not isinstance(obj, pikepdf.Object):  # pikepdf hands numbers and booleans as Python's
            return _scalar(obj)
        if obj.is_indirect:
            return _ref(self._number(obj))
        return self._value(obj)

    def _value(self, obj: pikepdf.Object) -> bytes:
        if isinstance(obj, pikepdf.Dictionary):
            return b"<<" + self._entries(obj) + b">>"
        if isinstance(obj, pikepdf.Array):
            return b"[" + b" ".join(self._direct(value) for value in obj) + b"]"
        return obj.unparse()

    def _number(self, obj: pikepdf.Object) -> int:
        """The joined file's number for an object of the file being copied; a page tree node
        (a page's parent) is the joined file's one tree."""
        number = self.numbers.get(obj.objgen)
        if number is None:
            if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == pikepdf.Name.Pages:
                return self.tree
            number = self.numbers[obj.objgen] = self._reserve()
            self.pending.append(obj)
        return number

    def _dests(self, anchors: Iterable[Anchor], kids: list[int]) -> int:
        """A name tree of leaves of sorted names, under one root."""
        named = sorted(
            (_text(anchor.name), anchor)
            for anchor in {anchor.name: anchor for anchor in anchors}.values()
        )
        leaves = []
        for start in range(0, len(named), DESTS_PER_LEAF):
            chunk = named[start : start + DESTS_PER_LEAF]
            pairs = b"".join(
                name
                + b"["
                + _ref(kids[anchor.page])
                + b"/XYZ "
                + _number(anchor.left)
                + b" "
                + _number(anchor.top)
                + b" 0]"
                for name, anchor in chunk
            )
            limits = b"[" + chunk[0][0] + chunk[-1][0] + b"]"
            leaves.append(
                self._write_object(self._reserve(), b"<</Limits%s/Names[%s]>>" % (limits, pairs))
            )
        return self._write_object(self._reserve(), b"<</Kids[%s]>>" % b" ".join(map(_ref, leaves)))

    def _outline(self, headings: list[Heading], kids: list[int]) -> int:
        """Headings nested by level: a heading holds those of deeper levels that follow it."""
        root = _Item(Heading(0, "", 0, 0), self._reserve())
        stack = [root]
        for heading in headings:
            while stack[-1].heading.level >= heading.level:
                stack.pop()
            item = _Item(heading, self._reserve())
            stack[-1].children.append(item)
            stack.append(item)
        self._write_items(root, kids, None)
        return root.number

    def _write_items(
        self, item: _Item, kids: list[int], parent: int | None, siblings: bytes = b""
    ) -> int:
        """Write an outline item and those under it, all open; returns how many are under it."""
        count = 0
        for index, child in enumerate(item.children):
            links = b""
            if index:
                links += b"/Prev " + _ref(item.children[index - 1].number)
            if index + 1 < len(item.children):
                links += b"/Next " + _ref(item.children[index + 1].number)
            count += 1 + self._write_items(child, kids, item.number, links)
        entries = [siblings]
        if item.children:
            entries += [b"/Count %d/First " % count, _ref(item.children[0].number)]
            entries += [b"/Last ", _ref(item.children[-1].number)]
        if parent is None:
            self._write_object(item.number, b"<</Type/Outlines" + b"".join(entries) + b">>")
            return count
        heading = item.heading
        entries += [
            b"/Title" + _text(heading.title),
            b"/Parent " + _ref(parent),
            b"/Dest[" + _ref(kids[heading.page]) + b"/XYZ 0 " + _number(heading.top) + b" 0]",
        ]
        self._write_object(item.number, b"<<" + b"".join(entries) + b">>")
        return count

    def _reserve(self) -> int:
        self.offsets.append(0)
        return len(self.offsets) - 1

    def _write_object(self, number: int, body: bytes) -> int:
        self.offsets[number] = self.out.tell() - self.start
        self.out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
        return number


def _scalar(value: object) -> bytes:
    if value is None:
        return b"null"
    if isinstance(value, bool):
        return b"true" if value else b"false"
    if isinstance(value, int):
        return b"%d" % value
    if isinstance(value, Decimal | float):
        return _number(float(value))
    raise TypeError(f"unexpected PDF value {value!r}")


def _ref(number: int) -> bytes:
    return b"%d 0 R" % number


def _number(value: float) -> bytes:
    return (b"%.6f" % value).rstrip(b"0").rstrip(b".") or b"0"


def _text(text: str) -> bytes:
    return pikepdf.String(text).unparse()

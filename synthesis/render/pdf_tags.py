"""What the joining adds to the tagged parts of a PDF: the contents' links, tagged as the links
of their <a> elements, and the XMP metadata that says the file is PDF/UA-1."""

from xml.sax.saxutils import escape

import pikepdf


def add_links(pdf: pikepdf.Pdf, links: list[tuple[int, tuple[float, ...], str]]) -> None:
    """Add link annotations to a file before it is copied (the contents' links to other files'
    anchors), each tagged: it becomes the object of a Link element that has none, in order (the
    <a> elements WeasyPrint tagged without a target), or of a new one."""
    links = _merged(links)
    if not links:
        return
    structure = pdf.Root.get("/StructTreeRoot")
    untargeted: list[pikepdf.Dictionary] = []
    if structure is not None:
        _untargeted_links(structure, untargeted)
        nums = structure.ParentTree.Nums
        key = max((int(nums[i]) for i in range(0, len(nums), 2)), default=-1) + 1
    for number, (index, rectangle, name) in enumerate(links):
        page = pdf.pages[index].obj
        annotation = pdf.make_indirect(
            pikepdf.Dictionary(
                Type=pikepdf.Name.Annot,
                Subtype=pikepdf.Name.Link,
                Border=[0, 0, 0],
                Rect=list(rectangle),
                Dest=pikepdf.String(name),
            )
        )
        if "/Annots" not in page:
            page.Annots = pdf.make_indirect(pikepdf.Array())
        page.Annots.append(annotation)
        if structure is None:
            continue
        if len(untargeted) == len(links):
            element = untargeted[number]
        else:
            document = structure.K[0] if isinstance(structure.K, pikepdf.Array) else structure.K
            element = pdf.make_indirect(
                pikepdf.Dictionary(Type=pikepdf.Name.StructElem, S=pikepdf.Name.Link, P=document)
            )
            element.K = pikepdf.Array()
            document.K.append(element)
        target = pikepdf.Dictionary(Type=pikepdf.Name.OBJR, Obj=annotation, Pg=page)
        if not isinstance(element.get("/K"), pikepdf.Array):
            element.K = pikepdf.Array([element.K] if "/K" in element else [])
        element.K.append(target)
        annotation.StructParent = key
        nums.extend([key, element])  # type: ignore[list-item]  # pikepdf takes ints; its stubs do not
        key += 1


def _merged(
    links: list[tuple[int, tuple[float, ...], str]],
) -> list[tuple[int, tuple[float, ...], str]]:
    """One link per <a>: WeasyPrint gives one for each box inside it (label, text, leader)."""
    merged: list[tuple[int, tuple[float, ...], str]] = []
    for index, rectangle, name in links:
        if merged and merged[-1][0] == index and merged[-1][2] == name:
            (x0, y0, x1, y1), (a0, b0, a1, b1) = merged[-1][1], rectangle
            box = (min(x0, a0), min(y0, b0), max(x1, a1), max(y1, b1))
            merged[-1] = (index, box, name)
        else:
            merged.append((index, rectangle, name))
    return merged


def _untargeted_links(element: pikepdf.Object, found: list[pikepdf.Dictionary]) -> None:
    """Link elements without an annotation, in document order."""
    kids = element.get("/K")
    if kids is None:
        return
    for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
        if not isinstance(kid, pikepdf.Dictionary) or kid.get("/Type") == pikepdf.Name.OBJR:
            continue
        if kid.get("/S") == pikepdf.Name.Link:
            inner = kid.get("/K")
            targets = inner if isinstance(inner, pikepdf.Array) else [inner]
            if not any(
                isinstance(i, pikepdf.Dictionary) and i.get("/Type") == pikepdf.Name.OBJR
                for i in targets
            ):
                found.append(kid)
                continue
        _untargeted_links(kid, found)


def metadata(title: str, lang: str) -> bytes:
    """XMP metadata: the title, the language, and the claim to PDF/UA-1 that readers look for."""
    xml_title = escape(title)
    packet = (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
        'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">'
        f'<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{xml_title}</rdf:li></rdf:Alt></dc:title>'
        f"<dc:language><rdf:Bag><rdf:li>{escape(lang)}</rdf:li></rdf:Bag></dc:language>"
        "<pdfuaid:part>1</pdfuaid:part>"
        '</rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>'
    ).encode()
    return b"<</Type/Metadata/Subtype/XML/Length %d>>stream\n%s\nendstream" % (
        len(packet),
        packet,
    )

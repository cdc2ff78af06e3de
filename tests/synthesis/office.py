"""LibreOffice (headless) opening the Word report as an editor would, updating its fields and
indexes (the contents get their page numbers), and saving it as PDF.

`soffice --convert-to pdf` converts without updating indexes, so the conversion is a small Basic
macro run in a private LibreOffice profile: load, update every index twice (the contents' own
length can move what follows), export."""

import subprocess
from pathlib import Path
from xml.sax.saxutils import escape

MACRO = """Sub Convert(source As String, target As String)
  Dim hidden(0) As New com.sun.star.beans.PropertyValue
  hidden(0).Name = "Hidden" : hidden(0).Value = True
  document = StarDesktop.loadComponentFromURL(ConvertToURL(source), "_blank", 0, hidden())
  For pass = 1 To 2
    indexes = document.getDocumentIndexes()
    For i = 0 To indexes.getCount() - 1
      indexes.getByIndex(i).update()
    Next
    document.getTextFields().refresh()
  Next
  Dim export(0) As New com.sun.star.beans.PropertyValue
  export(0).Name = "FilterName" : export(0).Value = "writer_pdf_Export"
  document.storeToURL(ConvertToURL(target), export())
  document.close(True)
  StarDesktop.terminate()
End Sub
"""

MODULE = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<!DOCTYPE script:module PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "module.dtd">\n'
    '<script:module xmlns:script="http://openoffice.org/2000/script" script:name="Module1" '
    f'script:language="StarBasic">{escape(MACRO)}</script:module>'
)


def to_pdf(docx: Path, scratch: Path) -> Path:
    """`docx` as LibreOffice prints it after updating its contents; the PDF's path."""
    profile = scratch / "libreoffice-profile"
    soffice = ["soffice", "--headless", "--norestore", f"-env:UserInstallation={profile.as_uri()}"]
    if not (profile / "user/basic/Standard/Module1.xba").exists():
        subprocess.run([*soffice, "--terminate_after_init"], check=True, timeout=120)
    (profile / "user/basic/Standard/Module1.xba").write_text(MODULE, "utf-8")
    target = scratch / f"{docx.stem}.pdf"
    call = f'macro:///Standard.Module1.Convert("{docx.resolve()}","{target.resolve()}")'
    subprocess.run([*soffice, call], check=True, timeout=300, capture_output=True)
    if not target.exists():
        raise RuntimeError(f"LibreOffice wrote no PDF for {docx}")
    return target

"""Putting a child element where the ECMA-376 schema's sequence wants it, not at the end.

Word reads the children of ``w:pPr``, ``w:tblPr``, ``w:sectPr``, ``w:settings``... as the
schema's ``xsd:sequence`` and may report "unreadable content" or ignore a setting found
out of order; LibreOffice accepts any order, so a document that looks right there can
still be wrong in Word. Appending a child (``parent.append``) is only right when nothing
that must follow it is already there; :func:`insert_in_order` is right in every case.

The sequences are those of ECMA-376 Part 1, transitional (``wml.xsd``), for the parents
vanban writes into; ``tests/test_ooxml_schema.py`` checks them against that schema.
"""

from __future__ import annotations

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
M = "http://schemas.openxmlformats.org/officeDocument/2006/math"
SL = "http://schemas.openxmlformats.org/schemaLibrary/2006/main"


def _names(text: str) -> tuple[str, ...]:
    """Clark names of space-separated ``w:`` local names (or ``prefix:name`` for m, sl)."""
    namespaces = {"m": M, "sl": SL}
    names = []
    for name in text.split():
        prefix, _, local = name.rpartition(":")
        names.append(f"{{{namespaces[prefix] if prefix else W}}}{local}")
    return tuple(names)


# Parent (Clark name) → the order of its children. ``w:rPr`` is CT_ParaRPr, the run
# properties of a paragraph mark; a run's CT_RPr is the same sequence without its first four.
SEQUENCES: dict[str, tuple[str, ...]] = {
    f"{{{W}}}pPr": _names(
        "pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr "
        "suppressLineNumbers pBdr shd tabs suppressAutoHyphens kinsoku wordWrap "
        "overflowPunct topLinePunct autoSpaceDE autoSpaceDN bidi adjustRightInd snapToGrid "
        "spacing ind contextualSpacing mirrorIndents suppressOverlap jc textDirection "
        "textAlignment textboxTightWrap outlineLvl divId cnfStyle rPr sectPr pPrChange"),
    f"{{{W}}}rPr": _names(
        "ins del moveFrom moveTo rStyle rFonts b bCs i iCs caps smallCaps strike dstrike "
        "outline shadow emboss imprint noProof snapToGrid vanish webHidden color spacing w "
        "kern position sz szCs highlight u effect bdr shd fitText vertAlign rtl cs em lang "
        "eastAsianLayout specVanish oMath rPrChange"),
    f"{{{W}}}tblPr": _names(
        "tblStyle tblpPr tblOverlap bidiVisual tblStyleRowBandSize tblStyleColBandSize tblW "
        "jc tblCellSpacing tblInd tblBorders shd tblLayout tblCellMar tblLook tblCaption "
        "tblDescription tblPrChange"),
    f"{{{W}}}tcPr": _names(
        "cnfStyle tcW gridSpan hMerge vMerge tcBorders shd noWrap tcMar textDirection "
        "tcFitText vAlign hideMark headers cellIns cellDel cellMerge tcPrChange"),
    # CT_TrPr: its first twelve in any order (an xsd:choice), then ins, del, trPrChange;
    # inserting by this order gives a valid row in every case.
    f"{{{W}}}trPr": _names(
        "cnfStyle divId gridBefore gridAfter wBefore wAfter cantSplit trHeight tblHeader "
        "tblCellSpacing jc hidden ins del trPrChange"),
    f"{{{W}}}sectPr": _names(
        "headerReference footerReference footnotePr endnotePr type pgSz pgMar paperSrc "
        "pgBorders lnNumType pgNumType cols formProt vAlign noEndnote titlePg textDirection "
        "bidi rtlGutter docGrid printerSettings sectPrChange"),
    f"{{{W}}}settings": _names(
        "writeProtection view zoom removePersonalInformation removeDateAndTime "
        "doNotDisplayPageBoundaries displayBackgroundShape printPostScriptOverText "
        "printFractionalCharacterWidth printFormsData embedTrueTypeFonts embedSystemFonts "
        "saveSubsetFonts saveFormsData mirrorMargins alignBordersAndEdges "
        "bordersDoNotSurroundHeader bordersDoNotSurroundFooter gutterAtTop "
        "hideSpellingErrors hideGrammaticalErrors activeWritingStyle proofState formsDesign "
        "attachedTemplate linkStyles stylePaneFormatFilter stylePaneSortMethod documentType "
        "mailMerge revisionView trackRevisions doNotTrackMoves doNotTrackFormatting "
        "documentProtection autoFormatOverride styleLockTheme styleLockQFSet defaultTabStop "
        "autoHyphenation consecutiveHyphenLimit hyphenationZone doNotHyphenateCaps "
        "showEnvelope summaryLength clickAndTypeStyle defaultTableStyle evenAndOddHeaders "
        "bookFoldRevPrinting bookFoldPrinting bookFoldPrintingSheets "
        "drawingGridHorizontalSpacing drawingGridVerticalSpacing "
        "displayHorizontalDrawingGridEvery displayVerticalDrawingGridEvery "
        "doNotUseMarginsForDrawingGridOrigin drawingGridHorizontalOrigin "
        "drawingGridVerticalOrigin doNotShadeFormData noPunctuationKerning "
        "characterSpacingControl printTwoOnOne strictFirstAndLastChars noLineBreaksAfter "
        "noLineBreaksBefore savePreviewPicture doNotValidateAgainstSchema saveInvalidXml "
        "ignoreMixedContent alwaysShowPlaceholderText doNotDemarcateInvalidXml "
        "saveXmlDataOnly useXSLTWhenSaving saveThroughXslt showXMLTags "
        "alwaysMergeEmptyNamespace updateFields hdrShapeDefaults footnotePr endnotePr compat "
        "docVars rsids m:mathPr attachedSchema themeFontLang clrSchemeMapping "
        "doNotIncludeSubdocsInStats doNotAutoCompressPictures forceUpgrade captions "
        "readModeInkLockDown smartTagType sl:schemaLibrary shapeDefaults "
        "doNotEmbedSmartTags decimalSymbol listSeparator"),
    # CT_TblCellMar and CT_TcMar.
    f"{{{W}}}tblCellMar": _names("top start left bottom end right"),
    f"{{{W}}}tcMar": _names("top start left bottom end right"),
}


def insert_in_order(parent: etree._Element, child: etree._Element) -> etree._Element:
    """``child`` put into ``parent`` before the first sibling its schema sequence places
    after it (at the end when there is none); returns ``child``.

    Siblings the sequence does not name (extensions of other namespaces) are passed over.
    """
    sequence = SEQUENCES[parent.tag]
    later = set(sequence[sequence.index(child.tag) + 1:])
    for sibling in parent:
        if sibling.tag in later:
            sibling.addprevious(child)
            return child
    parent.append(child)
    return child


def set_in_order(parent: etree._Element, child: etree._Element) -> etree._Element:
    """Like :func:`insert_in_order` for a child that occurs at most once: an existing
    child of the same name is replaced, so setting twice never gives two."""
    existing = parent.find(child.tag)
    if existing is not None:
        parent.replace(existing, child)
        return child
    return insert_in_order(parent, child)

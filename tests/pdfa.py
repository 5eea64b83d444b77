#!/usr/bin/env python3
# The PDF/A-2b checks of tests/pdfa.sh that read a PDF's objects: each
# is `python3 tests/pdfa.py CHECK FILE.pdf [ARG...]`, silent with status
# 0 when the file keeps the rule, else a reason on stdout and status 1.
# The objects come from qpdf (--json=2: the dictionaries as written, and
# again with the streams' data decoded), cached beside the file; nothing
# here shares code with briefgen's writer.
import base64
import hashlib
import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET


def qpdf_json(pdf, data):
    cache = "%s.%s.json" % (pdf, data)
    if not os.path.exists(cache):
        out = subprocess.run(["qpdf", "--json=2", "--json-key=qpdf",
                              "--json-stream-data=" + data, pdf],
                             check=True, capture_output=True).stdout
        with open(cache, "wb") as f:
            f.write(out)
    with open(cache) as f:
        return json.load(f)["qpdf"][1]


class Pdf:
    def __init__(self, path):
        self.path = path
        self.raw = qpdf_json(path, "none")
        self.dec = qpdf_json(path, "inline")
        self.trailer = self.raw["trailer"]["value"]
        self.catalog = self.obj(self.trailer["/Root"])

    def entry(self, ref):
        return self.raw["obj:" + ref]

    def obj(self, ref):
        """The value or the stream dictionary of ref ("1 0 R")."""
        e = self.entry(ref)
        return e["stream"]["dict"] if "stream" in e else e["value"]

    def data(self, ref):
        """ref's stream data, decoded."""
        return base64.b64decode(self.dec["obj:" + ref]["stream"]["data"])

    def objects(self):
        for k, e in self.raw.items():
            if k.startswith("obj:"):
                yield k[4:], e

    def streams(self):
        for ref, e in self.objects():
            if "stream" in e:
                yield ref, e["stream"]["dict"]

    def values(self):
        """Every value of the file, nested ones too."""
        def walk(v):
            yield v
            if isinstance(v, dict):
                for k, x in v.items():
                    yield k
                    yield from walk(x)
            elif isinstance(v, list):
                for x in v:
                    yield from walk(x)
        for ref, e in self.objects():
            yield from walk(e["stream"]["dict"] if "stream" in e
                            else e["value"])
        yield from walk(self.trailer)

    def dicts(self):
        return (v for v in self.values() if isinstance(v, dict))

    def pages(self):
        out = []

        def walk(ref):
            n = self.obj(ref)
            if n.get("/Type") == "/Pages":
                for k in n["/Kids"]:
                    walk(k)
            else:
                out.append((ref, n))
        walk(self.catalog["/Pages"])
        return out

    def contents(self):
        """Every content stream: the pages' and their XObjects'."""
        for ref, pg in self.pages():
            c = pg.get("/Contents", [])
            for r in c if isinstance(c, list) else [c]:
                yield r


def tokens(data):
    """The tokens of a content stream: (kind, bytes), kind one of
    str (a string's bytes, unescaped), hex, name, num, op, [ ] << >>."""
    i, n = 0, len(data)
    ws = b" \t\r\n\f\0"
    while i < n:
        c = data[i:i + 1]
        if c in ws:
            i += 1
        elif c == b"%":
            while i < n and data[i:i + 1] not in b"\r\n":
                i += 1
        elif c == b"(":
            depth, i, s = 1, i + 1, bytearray()
            while depth:
                c = data[i:i + 1]
                if c == b"\\":
                    e = data[i + 1:i + 2]
                    esc = {b"n": b"\n", b"r": b"\r", b"t": b"\t",
                           b"b": b"\b", b"f": b"\f"}
                    if e in esc:
                        s += esc[e]
                        i += 2
                    elif e.isdigit():
                        m = re.match(rb"[0-7]{1,3}", data[i + 1:i + 4])
                        s.append(int(m.group(), 8) & 0xff)
                        i += 1 + len(m.group())
                    elif e in b"\r\n":
                        i += 2
                    else:
                        s += e
                        i += 2
                    continue
                if c == b"(":
                    depth += 1
                elif c == b")":
                    depth -= 1
                    if depth == 0:
                        i += 1
                        break
                s += c
                i += 1
            yield "str", bytes(s)
        elif data[i:i + 2] in (b"<<", b">>"):
            yield data[i:i + 2].decode(), b""
            i += 2
        elif c == b"<":
            j = data.index(b">", i)
            yield "hex", bytes.fromhex(data[i + 1:j].decode())
            i = j + 1
        elif c in b"[]{}":
            yield c.decode(), b""
            i += 1
        else:
            m = re.match(rb"/?[^ \t\r\n\f\0()<>\[\]{}/%]*", data[i:])
            t = m.group()
            i += max(len(t), 1)
            if t.startswith(b"/"):
                yield "name", t
            elif re.fullmatch(rb"[+-]?(\d+\.?\d*|\.\d+)", t):
                yield "num", t
            else:
                yield "op", t


def check_binary_header(pdf, argv):
    with open(pdf.path, "rb") as f:
        head = f.read(32)
    lines = head.split(b"\n")
    if not re.fullmatch(rb"%PDF-1\.[0-7]", lines[0]):
        return "header %r" % lines[0]
    if not (lines[1].startswith(b"%") and len(lines[1]) >= 5 and
            all(b > 127 for b in lines[1][1:5])):
        return "second line %r is not a binary comment" % lines[1]


def check_trailer_id(pdf, argv):
    t = pdf.trailer
    if "/Encrypt" in t:
        return "trailer has /Encrypt"
    ids = t.get("/ID")
    if not (isinstance(ids, list) and len(ids) == 2 and
            all(re.fullmatch(r"b:[0-9a-f]{32}", i) for i in ids)):
        return "trailer /ID %r" % ids


def check_id_md5(pdf, argv):
    with open(pdf.path, "rb") as f:
        b = f.read()
    m = re.search(rb"startxref\r?\n(\d+)\r?\n%%EOF\r?\n?$", b)
    if m is None:
        return "no startxref at the end"
    want = hashlib.md5(b[:int(m.group(1))]).hexdigest()
    got = pdf.trailer["/ID"][0][2:]
    if got != want:
        return "/ID %s, MD5 of the bytes before the xref stream %s" % (
            got, want)


def skeleton(b):
    """The file with each stream's data cut out, and whether every
    stream keyword and endstream stands on its own line, with /Length
    bytes between (6.1.7.1)."""
    out, pos, bad = bytearray(), 0, []
    for m in re.finditer(rb"(\d+) 0 obj\r?\n<<(.*?)>>\s*stream(\r\n|\n|\r)?",
                         b, re.S):
        if m.start() < pos:
            continue
        if m.group(3) in (None, b"\r"):
            bad.append("object %s: stream not followed by CRLF or LF" %
                       m.group(1).decode())
        n = re.search(rb"/Length (\d+)", m.group(2))
        end = m.end() + int(n.group(1))
        if not re.match(rb"(\r\n|\n|\r)endstream", b[end:end + 12]):
            bad.append("object %s: no EOL and endstream after /Length"
                       " bytes" % m.group(1).decode())
        out += b[pos:m.end()]
        pos = end
    out += b[pos:]
    return bytes(out), bad


def check_stream_keywords(pdf, argv):
    with open(pdf.path, "rb") as f:
        _, bad = skeleton(f.read())
    return "; ".join(bad[:3]) if bad else None


def check_stream_dicts(pdf, argv):
    for ref, d in pdf.streams():
        for k in ("/F", "/FFilter", "/FDecodeParms"):
            if k in d:
                return "stream %s has %s" % (ref, k)


def check_no_lzw(pdf, argv):
    for ref, d in pdf.streams():
        f = d.get("/Filter", [])
        for x in f if isinstance(f, list) else [f]:
            if x in ("/LZWDecode", "/LZW"):
                return "stream %s is LZW" % ref


def check_obj_keywords(pdf, argv):
    with open(pdf.path, "rb") as f:
        sk, _ = skeleton(f.read())
    for m in re.finditer(rb"(^|(?<=[\r\n]))?(\d+) (\d+) obj", sk):
        if m.start() > 0 and sk[m.start() - 1:m.start()] not in b"\r\n":
            return "object %s: not at the start of a line" % m.group(2)
        if not re.match(rb"\d+ \d+ obj(\r\n|\n|\r)", sk[m.start():]):
            return "object %s: obj not followed by EOL" % m.group(2)
    for m in re.finditer(rb"endobj", sk):
        if sk[m.start() - 1:m.start()] not in b"\r\n" or \
                sk[m.end():m.end() + 1] not in b"\r\n":
            return "endobj not on a line of its own at %d" % m.start()


def check_limits(pdf, argv):
    for v in pdf.values():
        if isinstance(v, bool):
            continue
        if isinstance(v, int) and not -2**31 <= v <= 2**31 - 1:
            return "integer %d" % v
        if isinstance(v, float) and abs(v) > 3.403e38:
            return "real %g" % v
        if isinstance(v, str) and v.startswith("/") and \
                len(v.encode()) - 1 > 127:
            return "name of %d bytes" % (len(v.encode()) - 1)
        if isinstance(v, str) and v.startswith("u:") and \
                len(v[2:].encode("utf-16-be")) + 2 > 32767:
            return "string of more than 32767 bytes"
        if isinstance(v, str) and v.startswith("b:") and len(v) - 2 > 65534:
            return "string of more than 32767 bytes"
    for ref in pdf.contents():
        depth = 0
        for kind, t in tokens(pdf.data(ref)):
            if kind == "op" and t == b"q":
                depth += 1
                if depth > 28:
                    return "content %s nests q deeper than 28" % ref
            elif kind == "op" and t == b"Q":
                depth -= 1
            elif kind in ("str", "hex") and len(t) > 32767:
                return "content %s: string of %d bytes" % (ref, len(t))


def check_output_intent(pdf, argv):
    ois = pdf.catalog.get("/OutputIntents")
    if not isinstance(ois, list) or len(ois) != 1:
        return "catalog /OutputIntents %r" % ois
    oi = ois[0] if isinstance(ois[0], dict) else pdf.obj(ois[0])
    want = {"/Type": "/OutputIntent", "/S": "/GTS_PDFA1",
            "/OutputConditionIdentifier": "u:sRGB IEC61966-2.1"}
    for k, v in want.items():
        if oi.get(k) != v:
            return "output intent %s is %r" % (k, oi.get(k))
    if "/DestOutputProfile" not in oi:
        return "output intent has no /DestOutputProfile"
    print(oi["/DestOutputProfile"].split()[0])


def check_profile(pdf, argv):
    """The output profile: /N 3, and its bytes those of argv[0]."""
    ref = pdf.catalog["/OutputIntents"][0]["/DestOutputProfile"]
    d = pdf.obj(ref)
    if d.get("/N") != 3:
        return "profile /N %r" % d.get("/N")
    data = pdf.data(ref)
    with open(argv[0], "rb") as f:
        if f.read() != data:
            return "profile differs from %s" % argv[0]
    if data[36:40] != b"acsp" or data[16:20] != b"RGB " or \
            data[12:16] not in (b"mntr", b"prtr") or data[8] not in (2, 4):
        return "not a v2 or v4 RGB output or display profile"


def check_colour(pdf, argv):
    """Only DeviceRGB and DeviceGray: the operators that set them, no
    colour space resources, no images."""
    for ref in pdf.contents():
        for kind, t in tokens(pdf.data(ref)):
            if kind == "op" and t in (b"cs", b"CS", b"sc", b"SC", b"scn",
                                      b"SCN", b"k", b"K", b"sh", b"BI",
                                      b"Do", b"ri"):
                return "content %s uses %s" % (ref, t.decode())
    for d in pdf.dicts():
        for k in ("/ColorSpace", "/Shading", "/XObject", "/Pattern"):
            if k in d:
                return "a dictionary has %s" % k


def check_transparency(pdf, argv):
    for d in pdf.dicts():
        for k in ("/SMask", "/Group", "/ExtGState", "/CA", "/ca", "/BM"):
            if k in d:
                return "a dictionary has %s" % k
    for ref in pdf.contents():
        for kind, t in tokens(pdf.data(ref)):
            if kind == "op" and t == b"gs":
                return "content %s sets a graphics state" % ref


def fonts(pdf):
    for ref, e in pdf.objects():
        v = e.get("value")
        if isinstance(v, dict) and v.get("/Type") == "/Font":
            yield ref, v


def check_cidtogid(pdf, argv):
    n = 0
    for ref, f in fonts(pdf):
        if f.get("/Subtype") == "/CIDFontType2":
            n += 1
            if "/CIDToGIDMap" not in f:
                return "CIDFontType2 %s has no /CIDToGIDMap" % ref
    if n == 0:
        return "no CIDFontType2"


def sfnt_widths(data):
    """unitsPerEm and the advance widths by glyph of a TrueType font."""
    ntables = int.from_bytes(data[4:6], "big")
    tab = {}
    for i in range(ntables):
        r = data[12 + 16 * i:28 + 16 * i]
        tab[r[:4]] = (int.from_bytes(r[8:12], "big"),
                      int.from_bytes(r[12:16], "big"))
    upem = int.from_bytes(data[tab[b"head"][0] + 18:tab[b"head"][0] + 20],
                          "big")
    hhea = tab[b"hhea"][0]
    nhm = int.from_bytes(data[hhea + 34:hhea + 36], "big")
    hmtx, hlen = tab[b"hmtx"]
    adv = [int.from_bytes(data[hmtx + 4 * i:hmtx + 4 * i + 2], "big")
           for i in range(nhm)]
    return upem, adv


def check_widths(pdf, argv):
    """Every /W and /DW width within 1/1000 em of the embedded font's
    hmtx advance (CID = GID: /CIDToGIDMap /Identity)."""
    for ref, f in fonts(pdf):
        if f.get("/Subtype") != "/CIDFontType2":
            continue
        if f.get("/CIDToGIDMap") != "/Identity":
            return "%s: /CIDToGIDMap is not /Identity" % ref
        fd = pdf.obj(f["/FontDescriptor"])
        upem, adv = sfnt_widths(pdf.data(fd["/FontFile2"]))

        def font_w(g):
            return adv[min(g, len(adv) - 1)] * 1000.0 / upem
        w, i, given = f.get("/W", []), 0, {}
        while i < len(w):
            if isinstance(w[i + 1], list):
                for k, x in enumerate(w[i + 1]):
                    given[w[i] + k] = x
                i += 2
            else:
                for g in range(w[i], w[i + 1] + 1):
                    given[g] = w[i + 2]
                i += 3
        for g, x in given.items():
            if abs(x - font_w(g)) > 1:
                return "%s glyph %d: /W %g, the font %g" % (
                    ref, g, x, font_w(g))
        # /DW stands for the glyphs shown that /W does not list.
        used = shown_cids(pdf, ref)
        for g in used - set(given):
            if abs(f.get("/DW", 1000) - font_w(g)) > 1:
                return "%s glyph %d: /DW %g, the font %g" % (
                    ref, g, f.get("/DW", 1000), font_w(g))


def shown_cids(pdf, cidfont=None):
    """The CIDs shown with the Type0 font whose descendant is cidfont
    (every Type0 font's when None), from the text operators."""
    want = set()
    for ref, f in fonts(pdf):
        if f.get("/Subtype") == "/Type0" and (
                cidfont is None or f["/DescendantFonts"][0] == cidfont):
            want.add(ref)
    out = set()
    for pref, pg in pdf.pages():
        res = pg.get("/Resources")
        res = pdf.obj(res) if isinstance(res, str) else res
        fmap = res.get("/Font", {})
        fmap = pdf.obj(fmap) if isinstance(fmap, str) else fmap
        c = pg.get("/Contents", [])
        for r in c if isinstance(c, list) else [c]:
            cur, ops = None, []
            for kind, t in tokens(pdf.data(r)):
                if kind == "op":
                    if t == b"Tf":
                        cur = fmap.get(ops[-2][1].decode())
                    elif t in (b"Tj", b"TJ", b"'", b'"') and cur in want:
                        for k, s in ops:
                            if k in ("str", "hex"):
                                out.update(int.from_bytes(s[i:i + 2], "big")
                                           for i in range(0, len(s), 2))
                    ops = []
                elif kind not in ("[", "]"):
                    ops.append((kind, t))
    return out


def check_notdef(pdf, argv):
    if 0 in shown_cids(pdf):
        return "glyph 0 (.notdef) is shown"


def check_annots(pdf, argv):
    n = 0
    for pref, pg in pdf.pages():
        for a in pg.get("/Annots", []):
            a = pdf.obj(a) if isinstance(a, str) else a
            n += 1
            if a.get("/Subtype") != "/Link":
                return "annotation %s" % a.get("/Subtype")
            f = a.get("/F", 0)
            # Print set; Invisible, Hidden, NoView, ToggleNoView clear.
            if not f & 4 or f & (1 | 2 | 32 | 256):
                return "link /F %d" % f
            if "/Dest" not in a:
                return "link without /Dest"
    if n == 0:
        return "no link annotation"


def check_no_actions(pdf, argv):
    for d in pdf.dicts():
        for k in ("/A", "/AA", "/JS", "/JavaScript", "/OpenAction"):
            if k in d:
                return "a dictionary has %s" % k
        if d.get("/S") in ("/Launch", "/JavaScript", "/SubmitForm",
                           "/ResetForm", "/ImportData", "/Sound", "/Movie"):
            return "action %s" % d["/S"]
    for k in ("/AcroForm", "/Names"):
        v = pdf.catalog.get(k, {})
        v = pdf.obj(v) if isinstance(v, str) else v
        if k == "/Names" and set(v) - {"/Dests"}:
            return "catalog /Names has %s" % sorted(set(v) - {"/Dests"})
        if k == "/AcroForm" and v:
            return "catalog has /AcroForm"


def metadata_ref(pdf):
    return pdf.catalog.get("/Metadata")


def check_metadata_stream(pdf, argv):
    ref = metadata_ref(pdf)
    if not isinstance(ref, str) or "stream" not in pdf.entry(ref):
        return "catalog /Metadata %r is not a stream" % ref
    d = pdf.obj(ref)
    if d.get("/Type") != "/Metadata" or d.get("/Subtype") != "/XML":
        return "metadata stream /Type %r /Subtype %r" % (
            d.get("/Type"), d.get("/Subtype"))
    if "/Filter" in d:
        return "metadata stream has /Filter %r" % d["/Filter"]
    print(ref.split()[0])


def check_xpacket(pdf, argv):
    x = pdf.data(metadata_ref(pdf))
    head = (b'<?xpacket begin="\xef\xbb\xbf" '
            b'id="W5M0MpCehiHzreSzNTczkc9d"?>')
    if not x.startswith(head):
        return "packet header %r" % x[:60]
    if not re.search(rb'<\?xpacket end="[rw]"\?>\s*$', x):
        return "packet trailer %r" % x[-30:]


NS = {"x": "adobe:ns:meta/",
      "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
      "dc": "http://purl.org/dc/elements/1.1/",
      "pdf": "http://ns.adobe.com/pdf/1.3/",
      "xmp": "http://ns.adobe.com/xap/1.0/",
      "pdfaid": "http://www.aiim.org/pdfa/ns/id/"}


def xmp_props(xml):
    """The XMP's properties: qname -> text (the single item of an
    rdf:Alt, rdf:Seq or rdf:Bag; an Alt's must be x-default)."""
    root = ET.fromstring(xml)
    out = {}
    rev = {v: k for k, v in NS.items()}
    for desc in root.iter("{%s}Description" % NS["rdf"]):
        for p in desc:
            ns, local = p.tag[1:].split("}")
            name = "%s:%s" % (rev.get(ns, ns), local)
            lis = p.findall(".//{%s}li" % NS["rdf"])
            if lis:
                if len(lis) != 1:
                    out[name] = None
                    continue
                alt = p.find("{%s}Alt" % NS["rdf"])
                if alt is not None and lis[0].get(
                        "{http://www.w3.org/XML/1998/namespace}lang") != \
                        "x-default":
                    out[name] = None
                    continue
                out[name] = lis[0].text or ""
            else:
                out[name] = p.text or ""
    return out


def check_xmp_info(pdf, argv):
    """argv: the XMP (pdfinfo -meta) and pdfinfo -isodates output."""
    with open(argv[0], "rb") as f:
        props = xmp_props(f.read())
    info = {}
    with open(argv[1], encoding="utf-8") as f:
        for line in f:
            k, _, v = line.rstrip("\n").partition(":")
            info[k] = v.strip()
    pairs = [("Title", "dc:title"), ("Author", "dc:creator"),
             ("Subject", "dc:description"), ("Keywords", "pdf:Keywords"),
             ("Creator", "xmp:CreatorTool"), ("Producer", "pdf:Producer"),
             ("CreationDate", "xmp:CreateDate"),
             ("ModDate", "xmp:ModifyDate")]
    raw = pdf.obj(pdf.trailer["/Info"])
    for k, x in pairs:
        if ("/" + k in raw) != (x in props):
            return "Info /%s %s, XMP %s %s" % (
                k, "present" if "/" + k in raw else "absent", x,
                "present" if x in props else "absent")
        if x in props and info.get(k) != props[x]:
            return "Info %s [%s], XMP %s [%s]" % (k, info.get(k), x,
                                                   props[x])
    if ("xmp:ModifyDate" in props) != ("xmp:MetadataDate" in props) or \
            props.get("xmp:ModifyDate") != props.get("xmp:MetadataDate"):
        return "xmp:MetadataDate %r, ModifyDate %r" % (
            props.get("xmp:MetadataDate"), props.get("xmp:ModifyDate"))


def check_pdfaid(pdf, argv):
    with open(argv[0], "rb") as f:
        props = xmp_props(f.read())
    if props.get("pdfaid:part") != "2" or \
            props.get("pdfaid:conformance") != "B":
        return "pdfaid:part %r, conformance %r" % (
            props.get("pdfaid:part"), props.get("pdfaid:conformance"))


def check_lang(pdf, argv):
    if pdf.catalog.get("/Lang") != "u:" + argv[0]:
        return "catalog /Lang %r" % pdf.catalog.get("/Lang")


def struct_elems(pdf):
    for ref, e in pdf.objects():
        v = e.get("value")
        if isinstance(v, dict) and "/S" in v and "/P" in v and \
                "/Type" not in v:
            yield ref, v


def text_string(v):
    if v.startswith("u:"):
        return v[2:]
    b = bytes.fromhex(v[2:])
    return b[2:].decode("utf-16-be") if b[:2] == b"\xfe\xff" else \
        b.decode("latin-1")


def check_figure_alt(pdf, argv):
    """Every Figure has an /Alt; print them, one a line."""
    n = 0
    for ref, v in struct_elems(pdf):
        if v["/S"] != "/Figure":
            continue
        n += 1
        if "/Alt" not in v:
            return "Figure %s has no /Alt" % ref
        print(text_string(v["/Alt"]))
    if n == 0:
        return "no Figure"


def main():
    check, path, argv = sys.argv[1], sys.argv[2], sys.argv[3:]
    why = globals()["check_" + check.replace("-", "_")](Pdf(path), argv)
    if why:
        print(why)
        sys.exit(1)


if __name__ == "__main__":
    main()

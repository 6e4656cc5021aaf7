"""SVG files in docs/: published only through an allowlist, or refused.

An SVG is a document that can run script on the site's own origin
(<script>, onload=, javascript: links, <foreignObject> with HTML inside) and
fetch from other hosts (external href, url(https://…)). A file with any
element, attribute or reference outside the allowlist is refused with the
reason in Chinese (nothing is stripped silently); one that passes is
published re-serialised from the parsed tree (no comments, doctype or
processing instructions).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

__all__ = ["SvgError", "sanitize_svg", "SVG_ELEMENTS", "SVG_ATTRIBUTES"]

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
SVG_ELEMENTS = frozenset(
    "svg g path rect circle ellipse line polyline polygon text tspan defs linearGradient radialGradient "
    "stop clipPath mask pattern symbol use title desc marker".split())
SVG_ATTRIBUTES = frozenset(
    "id class x y x1 y1 x2 y2 cx cy r rx ry fx fy width height viewBox d points fill stroke stroke-width "
    "stroke-linecap stroke-linejoin stroke-dasharray stroke-dashoffset stroke-miterlimit stroke-opacity "
    "fill-opacity fill-rule clip-rule opacity transform font-size font-family font-weight font-style "
    "text-anchor dominant-baseline letter-spacing offset stop-color stop-opacity gradientUnits "
    "gradientTransform spreadMethod patternUnits patternContentUnits patternTransform clip-path "
    "clipPathUnits mask maskUnits maskContentUnits preserveAspectRatio version markerWidth markerHeight "
    "refX refY orient markerUnits marker-start marker-mid marker-end href dx dy rotate textLength "
    "lengthAdjust visibility display color style role aria-label aria-hidden focusable".split())
_URL_REF = re.compile(r"url\(\s*['\"]?\s*([^)'\"\s]*)", re.I)


class SvgError(ValueError):
    """An SVG that cannot be published; message and hint for editors (Chinese)."""

    def __init__(self, message: str, hint: str = "请用绘图软件导出为 PNG，或另存为“纯 SVG”后去掉脚本和外部引用"):
        self.message, self.hint = message, hint
        super().__init__(message)


def sanitize_svg(data: bytes) -> bytes:
    """The SVG re-serialised if everything in it is allowed; raises SvgError otherwise."""
    head = data[:4096].lower()
    if b"<!doctype" in head or b"<!entity" in data.lower():
        raise SvgError("SVG 图片里有 DOCTYPE 或实体定义（<!ENTITY>），可能用来引用外部文件或制造“炸弹”")
    try:
        root = etree.fromstring(data)
    except (etree.ParseError, ValueError):
        raise SvgError("SVG 文件已损坏，或者不是 SVG") from None
    if _local(root.tag) != "svg" or not root.tag.startswith("{" + SVG_NS):
        raise SvgError("文件扩展名是 .svg，内容却不是 SVG 图片")
    for element in root.iter():
        _check_element(element)
    etree.register_namespace("", SVG_NS)
    etree.register_namespace("xlink", XLINK_NS)
    return etree.tostring(root, encoding="utf-8", xml_declaration=True)


def _local(tag) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _check_element(element) -> None:
    if not isinstance(element.tag, str):
        return  # comments and processing instructions are dropped when re-serialised
    name = _local(element.tag)
    if not element.tag.startswith("{" + SVG_NS) or name not in SVG_ELEMENTS:
        if name == "script":
            raise SvgError("SVG 图片里有脚本（<script>），会在本站的网址下运行", "请删掉脚本，或导出为 PNG")
        if name == "foreignObject":
            raise SvgError("SVG 图片里有 <foreignObject>（可以嵌入网页和脚本）", "请删掉它，或导出为 PNG")
        raise SvgError(f"SVG 图片里有不允许的元素 <{name}>")
    for attr, value in element.attrib.items():
        local = _local(attr)
        if local.lower().startswith("on"):
            raise SvgError(f"SVG 图片里有事件属性 {local}=（会运行脚本）", "请删掉这个属性，或导出为 PNG")
        if local not in SVG_ATTRIBUTES or (attr.startswith("{") and not attr.startswith("{" + XLINK_NS)):
            raise SvgError(f"SVG 图片里有不允许的属性 {local}=（<{name}>）")
        if local == "href" and not value.strip().startswith("#"):
            raise SvgError(f"SVG 图片引用了外部内容（href='{value[:40]}'）",
                           "网站不向其他网站请求任何内容；SVG 里只能引用它自己里面的元素（#id）")
        for ref in _URL_REF.findall(value):
            if not ref.startswith("#"):
                raise SvgError(f"SVG 图片引用了外部内容（url({ref[:40]})）",
                               "网站不向其他网站请求任何内容；SVG 里只能引用它自己里面的元素（#id）")
        if local == "style" and re.search(r"@import|expression\s*\(|javascript:", value, re.I):
            raise SvgError("SVG 图片的 style 里有不允许的内容（@import、expression 或 javascript:）")

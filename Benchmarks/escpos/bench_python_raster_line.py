"""Draws one 80 mm Bengali receipt line with Pillow (same font file, 24 px, 576 dots wide as an Epson TM-T20)
and prints it with python-escpos as an image (GS v 0 into a Dummy printer with the TM-T20II profile), in a loop.
Prints "python-escpos+Pillow <lines/s> <µs/line> <bytes>" and writes /tmp/python-raster-line.png."""

import sys
import time

from escpos.printer import Dummy
from PIL import Image, ImageDraw, ImageFont, features

FONT = "/usr/share/fonts/truetype/noto/NotoSansBengali-Regular.ttf"
WIDTH = 576


def line_image(text, font):
    left, top, right, bottom = font.getbbox(text)
    image = Image.new("1", (WIDTH, bottom + 4), 1)
    ImageDraw.Draw(image).text((0, 0), text, font=font, fill=0)
    return image


def main():

    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 3.0
    text = sys.argv[2] if len(sys.argv) > 2 else "মিনিকেট চাল ৫ কেজি ৳৪১০.০০"
    raqm = features.check("raqm")
    layout = ImageFont.Layout.RAQM if raqm else ImageFont.Layout.BASIC
    font = ImageFont.truetype(FONT, 24, layout_engine=layout)
    line_image(text, font).save("/tmp/python-raster-line.png")

    def once():
        p = Dummy(profile="TM-T20II")
        p.image(line_image(text, font))
        return len(p.output)

    shared = Dummy(profile="TM-T20II")

    def reused():
        # The printer object kept between lines (its capability profile is loaded once).
        shared.clear()
        shared.image(line_image(text, font))
        return len(shared.output)

    def draw_only():
        # Pillow (raqm + FreeType) alone, without python-escpos: the counterpart of shape+draw.
        return line_image(text, font).height

    shaping = "raqm shaping" if raqm else "NO shaping: basic layout"
    for label, body in (("new Dummy per line", once), ("one Dummy reused", reused), ("Pillow draw only", draw_only)):
        size = body()
        count = 0
        start = time.perf_counter()
        while time.perf_counter() - start < seconds:
            body()
            count += 1
        rate = count / (time.perf_counter() - start)
        print(f"python-escpos+Pillow ({shaping}, {label}) {rate:.0f} lines/s {1e6 / rate:.0f} µs/line {size} bytes")


main()

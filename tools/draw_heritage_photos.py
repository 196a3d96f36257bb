"""Draw the demo town's heritage pictures (knowledge/patrimoine/photos/*.jpg): simple drawings
made for the demonstration, so the repository ships images it owns outright (CC0, see the
folder's LICENCE.md). A real town replaces them with its own photographs.

Usage, from the repository root: python3 tools/draw_heritage_photos.py [OUT_DIR]
"""

from __future__ import annotations

import math
import sys
from pathlib import Path
from typing import Callable

from PIL import Image, ImageDraw

W, H = 640, 420
SKY, GRASS = (176, 208, 232), (118, 160, 92)
STONE, DARK, ROOF, WOOD, WATER = (214, 196, 160), (92, 80, 70), (150, 72, 52), (120, 84, 52), (86, 140, 186)


def canvas(ground: int = 330) -> tuple[Image.Image, ImageDraw.ImageDraw]:
    img = Image.new("RGB", (W, H), SKY)
    draw = ImageDraw.Draw(img)
    draw.rectangle([0, ground, W, H], fill=GRASS)
    draw.ellipse([520, 30, 580, 90], fill=(250, 226, 140))  # the sun
    return img, draw


def arch(draw: ImageDraw.ImageDraw, x: int, y: int, w: int, h: int, fill=DARK) -> None:
    """A round-headed opening whose sill is at y + h."""
    draw.rectangle([x, y + w // 2, x + w, y + h], fill=fill)
    draw.pieslice([x, y, x + w, y + w], 180, 360, fill=fill)


def eglise(draw: ImageDraw.ImageDraw) -> None:
    draw.rectangle([170, 200, 470, 330], fill=STONE)                   # nave
    draw.polygon([(160, 200), (320, 130), (480, 200)], fill=ROOF)
    draw.rectangle([270, 90, 370, 330], fill=STONE)                    # bell tower and porch
    draw.polygon([(260, 90), (320, 20), (380, 90)], fill=DARK)
    arch(draw, 300, 250, 40, 80)                                       # the porch
    arch(draw, 305, 110, 30, 45)                                       # bell opening
    for x in (200, 410):
        arch(draw, x, 230, 24, 50, (70, 90, 140))                      # stained glass


def halle(draw: ImageDraw.ImageDraw) -> None:
    draw.polygon([(60, 200), (320, 90), (580, 200)], fill=ROOF)
    draw.rectangle([80, 200, 560, 215], fill=WOOD)
    for x in range(90, 560, 58):
        draw.rectangle([x, 215, x + 12, 330], fill=WOOD)              # oak posts
        draw.line([(x + 6, 215), (x + 30, 200)], fill=WOOD, width=4)


def chateau(draw: ImageDraw.ImageDraw) -> None:
    draw.polygon([(60, 330), (220, 230), (440, 230), (600, 330)], fill=(140, 170, 100))  # the motte
    draw.polygon([(250, 230), (250, 110), (290, 95), (300, 140), (340, 120), (360, 230)], fill=STONE)
    arch(draw, 290, 170, 26, 45)
    draw.rectangle([380, 190, 470, 230], fill=STONE)                  # a broken rampart
    for x in range(380, 470, 22):
        draw.rectangle([x, 178, x + 11, 190], fill=STONE)


def lavoir(draw: ImageDraw.ImageDraw) -> None:
    draw.rectangle([0, 300, W, 345], fill=WATER)
    draw.polygon([(60, 200), (250, 170), (300, 230), (40, 230)], fill=ROOF)    # the wash-house roof
    for x in (70, 150, 230):
        draw.rectangle([x, 230, x + 10, 300], fill=WOOD)
    draw.rectangle([380, 160, 560, 300], fill=STONE)                  # the mill
    draw.polygon([(370, 160), (470, 100), (570, 160)], fill=ROOF)
    draw.ellipse([320, 220, 420, 320], outline=WOOD, width=8)        # the paddle wheel
    for k in range(8):
        a = k * math.pi / 4
        draw.line([(370, 270), (370 + 50 * math.cos(a), 270 + 50 * math.sin(a))], fill=WOOD, width=4)


def monument(draw: ImageDraw.ImageDraw) -> None:
    draw.rectangle([220, 300, 420, 330], fill=(180, 170, 160))       # steps
    draw.rectangle([260, 240, 380, 300], fill=(200, 196, 188))       # base with the names
    for y in range(252, 292, 9):
        draw.line([(275, y), (365, y)], fill=(120, 116, 110), width=2)
    draw.polygon([(285, 240), (300, 60), (340, 60), (355, 240)], fill=(210, 206, 198))  # obelisk
    draw.polygon([(300, 60), (320, 35), (340, 60)], fill=(210, 206, 198))


def pont(draw: ImageDraw.ImageDraw) -> None:
    draw.rectangle([0, 280, W, H], fill=WATER)
    draw.rectangle([20, 200, 620, 240], fill=STONE)                  # the deck
    for x in range(40, 600, 115):
        draw.rectangle([x, 240, x + 95, 290], fill=STONE)
        draw.pieslice([x + 10, 250, x + 85, 325], 180, 360, fill=WATER)  # five arches


DRAWINGS: dict[str, Callable[[ImageDraw.ImageDraw], None]] = {
    "eglise-saint-martin": eglise, "halle-aux-grains": halle, "chateau-de-la-motte": chateau,
    "lavoir-du-moulin": lavoir, "monument-aux-morts": monument, "pont-vieux": pont,
}


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for name, draw_it in DRAWINGS.items():
        img, draw = canvas()
        draw_it(draw)
        path = out / f"{name}.jpg"
        img.save(path, "JPEG", quality=82, optimize=True)
        print(f"{path} ({path.stat().st_size // 1000} ko)")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("knowledge/patrimoine/photos"))

"""Turn engine results into messages: Telegram HTML (escaped, within Telegram's limits) or plain text for the console.

No Telegram import here: buttons are plain data (`bot.replies`), their callback data made by
`bot.actions`, their sentences taken from `bot.wording`.
"""

from .entry import render_entry
from .format import Fmt, label, paginate, plain, render_text, utf16_len
from .guide import guide_branch, guide_node, render_guide
from .heritage import photo_message
from .screens import (render_caption_note, render_choose, render_fallback, render_help, render_hours, render_menu,
                      render_smalltalk, render_unsupported, render_welcome)

__all__ = ["Fmt", "guide_branch", "guide_node", "render_caption_note", "render_unsupported", "label", "paginate", "photo_message", "plain", "render_choose", "render_entry", "render_fallback",
           "render_guide", "render_help", "render_hours", "render_menu", "render_smalltalk", "render_text",
           "render_welcome", "utf16_len"]

"""The console chat (`guichet chat`, and `guichet run` without a Telegram token): the same engine and
answers as on Telegram, read from a terminal or a pipe of test questions."""

from __future__ import annotations

from .commands import find as find_command


def chat_loop(engine, stdin, stdout) -> int:
    """Read lines, print replies; a number picks a button of the last reply; ends at end of input.

    Before each line, edited knowledge is reloaded as in the Telegram mode (a stat of each file;
    a broken edit is logged and the last good knowledge kept)."""
    interactive = stdin.isatty()
    engine.flood.per_minute = 0  # the console is the operator (or a pipe of test questions): no flood budget
    user = engine.user_key("console")
    last_buttons: list = []

    def show(reply) -> None:
        nonlocal last_buttons
        buttons = []
        for m in reply.messages:
            print(m.text, file=stdout)
            for row in m.buttons:
                for b in row:
                    if b.data:
                        buttons.append(b)
        if reply.toast:
            print(f"({reply.toast})", file=stdout)
        if buttons:
            print("Choix : " + " · ".join(f"{n}) {b.label}" for n, b in enumerate(buttons, 1)), file=stdout)
        print(file=stdout)
        if buttons:
            last_buttons = buttons

    if interactive:
        show(engine.on_start(user))
    while True:
        if interactive:
            print("> ", end="", file=stdout, flush=True)
        line = stdin.readline()
        if not line:
            break
        text = line.strip()
        if text.lower() in ("quit", "exit", "/quit"):
            break
        engine.reload_if_changed()
        if text.isdigit() and last_buttons and 1 <= int(text) <= len(last_buttons):
            show(engine.on_button(user, last_buttons[int(text) - 1].data, chat=0))
        elif text.startswith("/") and find_command(text.split(" ")[0]) and not find_command(text.split(" ")[0]).staff:
            command = find_command(text.split(" ")[0])
            extra = {"text": text.partition(" ")[2], "chat": 0} if command.with_text else {}
            extra.update({"payload": text.partition(" ")[2]} if command.payload else {})
            show(getattr(engine, command.method)(user, **extra))
        else:
            show(engine.on_text(user, text, chat=0))
    engine.close()
    return 0

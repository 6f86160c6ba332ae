"""Modals in the terminal: each input of the form asked in turn (Enter keeps what is shown),
the answers sent back in Slack's `view.state.values` shape, and a field Slack would mark
with an inline error asked again."""

from __future__ import annotations

from collections.abc import Callable

from rich.console import Console
from rich.text import Text

Ask = Callable[[str], str | None]  # the prompt -> the line typed, None at the end of input
Suggest = Callable[[str, str], list[dict]]  # (action_id, typed) -> options
Values = dict[str, dict[str, dict]]

CLEAR = "-"  # typed to empty a multi-choice field


def _text(obj: dict | None) -> str:
    return (obj or {}).get("text", "") if isinstance(obj, dict) else ""


def _option_text(option: dict) -> str:
    return _text(option.get("text"))


class ConsoleForm:
    """One modal filled in on the terminal."""

    def __init__(self, console: Console, ask: Ask, suggest: Suggest) -> None:
        self.console = console
        self.ask = ask
        self.suggest = suggest

    def inputs(self, view: dict) -> list[dict]:
        return [b for b in view.get("blocks", []) if b.get("type") == "input"]

    def show(self, view: dict) -> None:
        self.console.print(Text(f"┌ {_text(view.get('title'))}", style="bold magenta"))
        for block in view.get("blocks", []):
            if block.get("type") == "section":
                self.console.print(Text(f"│ {_text(block.get('text'))}"))
        self.console.print(
            Text("│ Enter keeps what is shown in [brackets]; `-` empties a list.", style="dim")
        )

    def fill(self, view: dict, values: Values | None = None, only: set[str] | None = None):
        """Ask the inputs (or those in `only`) and return the values, or None when the input
        ended (the form is cancelled)."""
        values = dict(values or {})
        for block in self.inputs(view):
            block_id = block["block_id"]
            if only is not None and block_id not in only:
                continue
            element = block["element"]
            answer = self._field(block, element, values.get(block_id, {}).get(element["action_id"]))
            if answer is None:
                return None
            values[block_id] = {element["action_id"]: answer}
        return values

    def errors(self, view: dict, errors: dict[str, str]) -> None:
        labels = {b["block_id"]: _text(b.get("label")) for b in self.inputs(view)}
        for block_id, message in errors.items():
            label = labels.get(block_id, block_id)
            self.console.print(Text(f"│ ⚠ {label}: {message}", style="red"))

    # -- one field ---------------------------------------------------------------------------

    def _field(self, block: dict, element: dict, previous: dict | None) -> dict | None:
        kind = element.get("type")
        label = _text(block.get("label"))
        state = previous or self._initial(element)
        shown = self._describe(element, state)
        hint = _text(block.get("hint"))
        if hint:
            self.console.print(Text(f"│ {hint}", style="dim"))
        if kind in ("radio_buttons", "static_select", "multi_static_select", "checkboxes"):
            choices = "  ".join(
                f"{n}={_option_text(o)}" for n, o in enumerate(element.get("options", []), 1)
            )
            self.console.print(Text(f"│ {choices}", style="dim"))
        typed = self.ask(f"│ {label} [{shown}]: ")
        if typed is None:
            return None
        typed = typed.strip()
        if not typed:
            return state
        return self._parse(element, typed)

    def _initial(self, element: dict) -> dict:
        kind = element.get("type")
        if kind == "plain_text_input":
            return {"type": kind, "value": element.get("initial_value")}
        if kind == "timepicker":
            return {"type": kind, "selected_time": element.get("initial_time")}
        if kind in ("multi_static_select", "multi_external_select", "checkboxes"):
            return {"type": kind, "selected_options": element.get("initial_options", [])}
        if kind == "conversations_select":
            return {"type": kind, "selected_conversation": element.get("initial_conversation")}
        return {"type": kind, "selected_option": element.get("initial_option")}

    def _describe(self, element: dict, state: dict) -> str:
        if "value" in state:
            return " ".join((state.get("value") or "").split("\n")) if state.get("value") else ""
        if "selected_time" in state:
            return state.get("selected_time") or ""
        if "selected_conversation" in state:
            return state.get("selected_conversation") or ""
        if "selected_options" in state:
            return ", ".join(_option_text(o) for o in state.get("selected_options") or [])
        return _option_text(state.get("selected_option") or {})

    def _pick(self, element: dict, word: str) -> dict | None:
        """The option a word names: its number, value, text (any case) or the start of its
        text when only one starts so."""
        options = element.get("options", [])
        if word.isdigit() and 1 <= int(word) <= len(options):
            return options[int(word) - 1]
        wanted = word.casefold()
        for option in options:
            if wanted in (option.get("value", "").casefold(), _option_text(option).casefold()):
                return option
        starting = [o for o in options if _option_text(o).casefold().startswith(wanted)]
        return starting[0] if len(starting) == 1 else None

    def _found(self, element: dict, word: str) -> dict | None:
        """The first option a searchable menu offers for what was typed."""
        options = self.suggest(element.get("action_id", ""), word)
        return options[0] if options else None

    def _parse(self, element: dict, typed: str) -> dict:
        kind = element.get("type")
        if kind == "plain_text_input":
            return {"type": kind, "value": typed}
        if kind == "timepicker":
            return {"type": kind, "selected_time": typed}
        if kind == "conversations_select":
            return {"type": kind, "selected_conversation": typed}
        if kind in ("multi_static_select", "checkboxes", "multi_external_select"):
            if typed == CLEAR:
                return {"type": kind, "selected_options": []}
            find = self._found if kind == "multi_external_select" else self._pick
            words = [w.strip() for w in typed.split(",") if w.strip()]
            picked = [o for o in (find(element, w) for w in words) if o is not None]
            return {"type": kind, "selected_options": picked}
        find = self._found if kind == "external_select" else self._pick
        return {"type": kind, "selected_option": find(element, typed)}

"""A small SQL tokenizer for PostgreSQL and T-SQL, used by sql_rules (parity reads PostgreSQL's
catalog and parser and sqlfluff's trees instead).

Not a parser: it only knows comments, strings, quoted identifiers, variables, numbers and
operators, which is enough to read object headers, select lists and error ids reliably
(keywords inside comments or string literals never count). PostgreSQL dollar quotes
($$, $tag$) are dropped so that function bodies are read as code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_GO_LINE = re.compile(r"^\s*GO\s*;?\s*$", re.I)
_WORD = re.compile(r"[A-Za-z_\u00C0-\u024F#][\w$#\u00C0-\u024F]*")
_NUMBER = re.compile(r"\d+(?:\.\d+)?(?:[eE][+-]?\d+)?")
_DOLLAR = re.compile(r"\$(?:[A-Za-z_]\w*)?\$")
_OPERATORS = ("::", ":=", "=>", "<>", "!=", "<=", ">=", "||", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=")


@dataclass(frozen=True)
class Token:
    kind: str  # word | quoted | var | num | str | op | go
    text: str  # identifiers unquoted; strings without quotes
    line: int

    @property
    def upper(self) -> str:
        return self.text.upper() if self.kind == "word" else ""

    def is_word(self, *words: str) -> bool:
        """True for a bare word equal to one of `words` (case-insensitive; pass upper case)."""
        return self.kind == "word" and self.text.upper() in words

    def is_op(self, *ops: str) -> bool:
        return self.kind == "op" and self.text in ops

    @property
    def ident(self) -> str | None:
        """The identifier text for a word or quoted identifier."""
        return self.text if self.kind in ("word", "quoted") else None


class TokenizeError(ValueError):
    pass


def tokenize(text: str, dialect: str) -> list[Token]:
    """Tokens of a whole file. In T-SQL a line holding only GO becomes a 'go' token."""
    tokens: list[Token] = []
    i, line, n = 0, 1, len(text)
    go_lines = {no for no, raw in enumerate(text.splitlines(), start=1) if _GO_LINE.match(raw)} \
        if dialect == "mssql" else set()
    while i < n:
        ch = text[i]
        if ch == "\n":
            line += 1
            i += 1
        elif ch.isspace():
            i += 1
        elif text.startswith("--", i):
            end = text.find("\n", i)
            i = n if end < 0 else end
        elif text.startswith("/*", i):
            depth, j = 1, i + 2
            while j < n and depth:
                if text.startswith("/*", j):
                    depth, j = depth + 1, j + 2
                elif text.startswith("*/", j):
                    depth, j = depth - 1, j + 2
                else:
                    j += 1
            if depth:
                raise TokenizeError(f"línea {line}: comentario /* sin cerrar")
            line += text.count("\n", i, j)
            i = j
        elif ch == "'" or (ch in "NnEe" and text.startswith("'", i + 1)):
            start_line = line
            backslash = dialect == "pg" and ch in "Ee"
            j = i + (1 if ch == "'" else 2)
            buf = []
            while True:
                if j >= n:
                    raise TokenizeError(f"línea {start_line}: texto entre comillas sin cerrar")
                c = text[j]
                if backslash and c == "\\":
                    buf.append(text[j:j + 2])
                    j += 2
                    continue
                if c == "'":
                    if text.startswith("'", j + 1):
                        buf.append("'")
                        j += 2
                        continue
                    j += 1
                    break
                buf.append(c)
                j += 1
            value = "".join(buf)
            line += value.count("\n")
            tokens.append(Token("str", value, start_line))
            i = j
        elif ch == '"' or (ch == "[" and dialect == "mssql"):
            close = '"' if ch == '"' else "]"
            j = text.find(close, i + 1)
            while j >= 0 and text.startswith(close, j + 1):  # doubled quote inside
                j = text.find(close, j + 2)
            if j < 0:
                raise TokenizeError(f"línea {line}: identificador entre {ch}{close} sin cerrar")
            value = text[i + 1:j].replace(close * 2, close)
            tokens.append(Token("quoted", value, line))
            line += value.count("\n")
            i = j + 1
        elif ch == "$" and dialect == "pg" and (m := _DOLLAR.match(text, i)):
            i = m.end()  # dollar quote: the body is code for our purposes
        elif ch == "@" and dialect == "mssql":
            m = re.compile(r"@@?[\w$#@]*").match(text, i)
            tokens.append(Token("var", m.group(0), line))  # type: ignore[union-attr]
            i = m.end()  # type: ignore[union-attr]
        elif ch.isdigit() or (ch == "." and i + 1 < n and text[i + 1].isdigit()):
            m = _NUMBER.match(text, i) or re.compile(r"\.\d+").match(text, i)
            tokens.append(Token("num", m.group(0), line))  # type: ignore[union-attr]
            i = m.end()  # type: ignore[union-attr]
        elif m := _WORD.match(text, i):
            word = m.group(0)
            if dialect == "mssql" and word.upper() == "GO" and line in go_lines:
                tokens.append(Token("go", "GO", line))
            else:
                tokens.append(Token("word", word, line))
            i = m.end()
        else:
            op = next((o for o in _OPERATORS if text.startswith(o, i)), ch)
            tokens.append(Token("op", op, line))
            i += len(op)
    return tokens


def depths(tokens: list[Token]) -> list[int]:
    """Parenthesis depth of each token; '(' and ')' carry the depth outside them."""
    out, depth = [], 0
    for tok in tokens:
        if tok.is_op(")"):
            depth = max(depth - 1, 0)
            out.append(depth)
        elif tok.is_op("("):
            out.append(depth)
            depth += 1
        else:
            out.append(depth)
    return out


def split_top(tokens: list[Token], sep: str = ",") -> list[list[Token]]:
    """Split at `sep` outside parentheses (and outside CASE ... END)."""
    parts: list[list[Token]] = [[]]
    depth = case = 0
    for tok in tokens:
        if tok.is_op("("):
            depth += 1
        elif tok.is_op(")"):
            depth -= 1
        elif tok.is_word("CASE"):
            case += 1
        elif tok.is_word("END") and case:
            case -= 1
        if tok.is_op(sep) and depth == 0 and case == 0:
            parts.append([])
        else:
            parts[-1].append(tok)
    return [p for p in parts if p] if any(parts) else []


def matching_paren(tokens: list[Token], start: int) -> int:
    """Index of the ')' that closes the '(' at `start`."""
    depth = 0
    for j in range(start, len(tokens)):
        if tokens[j].is_op("("):
            depth += 1
        elif tokens[j].is_op(")"):
            depth -= 1
            if depth == 0:
                return j
    raise TokenizeError(f"línea {tokens[start].line}: paréntesis sin cerrar")

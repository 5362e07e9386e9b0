"""The verwerkingsregister's tables: schema/privacy-register.tsv (what every
table and column holds, why, how long, who sees it) rendered into
docs/privacy.md between its markers, and checked against a schema.

  python3 tests/lib/register.py --write    regenerate the section
  python3 tests/lib/register.py --check    exit 1 when docs/privacy.md differs

tests/integration/t_privacy_register.py checks the file against every
table and column of the migrated database."""
import os
import sys

SRCDIR = os.environ.get("DDD_SRCDIR", os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                                   "..", ".."))
TSV = os.path.join(SRCDIR, "schema", "privacy-register.tsv")
DOC = os.path.join(SRCDIR, "docs", "privacy.md")
BEGIN = "<!-- register: begin (generated from schema/privacy-register.tsv) -->"
END = "<!-- register: end -->"
KINDS = ["persoonsgegeven", "gevoelig", "bsn", "pseudoniem", "geheim", "verwijzing", "geen"]


def load(path=TSV):
    """(tables, columns, problems): tables name -> dict, columns
    'table.column' -> (kind, what), in file order."""
    tables, columns, problems = {}, {}, []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            parts = line.split("\t")
            if parts[0] == "table" and len(parts) == 6:
                if parts[1] in tables:
                    problems.append("%d: table %s twice" % (n, parts[1]))
                tables[parts[1]] = {"whose": parts[2], "purpose": parts[3],
                                    "retention": parts[4], "who": parts[5]}
            elif parts[0] == "column" and len(parts) == 4:
                if parts[1] in columns:
                    problems.append("%d: column %s twice" % (n, parts[1]))
                if parts[2] not in KINDS:
                    problems.append("%d: %s: kind '%s' is none of %s" % (
                        n, parts[1], parts[2], ", ".join(KINDS)))
                if parts[1].split(".")[0] not in tables:
                    problems.append("%d: column %s before its table" % (n, parts[1]))
                columns[parts[1]] = (parts[2], parts[3])
            else:
                problems.append("%d: not 'table' with 5 fields or 'column' with 3" % n)
    return tables, columns, problems


def check(tables, columns, schema):
    """What differs from schema, a list of (table, column) pairs: columns of
    the schema not listed, listed ones the schema has not, tables without
    their description."""
    have = {"%s.%s" % tc for tc in schema}
    out = ["%s: in the schema, not in the register" % c for c in sorted(have - set(columns))]
    out += ["%s: in the register, not in the schema" % c for c in sorted(set(columns) - have)]
    out += ["%s: a table of the schema without its description" % t
            for t in sorted({t for t, _ in schema} - set(tables))]
    return out


def render(tables, columns):
    """The markdown of the section (without the markers)."""
    out = ["", "", "| tabel | persoonsgegevens | bewaartermijn |", "| --- | --- | --- |"]
    for t, d in tables.items():
        kinds = sorted({k for c, (k, _) in columns.items() if c.split(".")[0] == t and k != "geen"},
                       key=KINDS.index)
        out.append("| [`%s`](#%s) | %s | %s |" % (t, t.replace("_", "-"),
                                                  ", ".join(kinds) or "geen", d["retention"]))
    for t, d in tables.items():
        out += ["", "### %s" % t, "",
                "- **Van wie:** %s" % d["whose"],
                "- **Waarvoor:** %s" % d["purpose"],
                "- **Hoe lang:** %s" % d["retention"],
                "- **Wie ziet het:** %s" % d["who"],
                "", "| kolom | soort | wat |", "| --- | --- | --- |"]
        for c, (kind, what) in columns.items():
            if c.split(".")[0] == t:
                out.append("| `%s` | %s | %s |" % (c.split(".", 1)[1], kind, what))
    out.append("")
    return "\n".join(out)


def section(path=DOC):
    """The generated part of docs/privacy.md as it is now."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    if BEGIN not in text or END not in text:
        return None, text
    return text[text.index(BEGIN) + len(BEGIN):text.index(END)], text


def main(argv):
    tables, columns, problems = load()
    if problems:
        print("\n".join(problems), file=sys.stderr)
        return 1
    now, text = section()
    want = render(tables, columns)
    if argv[1:] == ["--write"]:
        if now is None:
            print("%s has no markers" % DOC, file=sys.stderr)
            return 1
        with open(DOC, "w", encoding="utf-8") as f:
            f.write(text.replace(BEGIN + now + END, BEGIN + want + END))
        return 0
    if argv[1:] == ["--check"]:
        return 0 if now == want else 1
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))

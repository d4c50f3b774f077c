"""The README is a short quickstart whose numbers come from the committed summary and whose
links and paths exist."""

import json
import re

import pytest

from vae_opt.paths import SOURCE_ROOT

README = SOURCE_ROOT / "README.md"
PAGES = [README, *sorted((SOURCE_ROOT / "docs").glob("*.md"))]
ROW = re.compile(r"^\| (\d) \| \*\*(\d+)/(\d+)\*\* \| ([\d.]+) \| ([\d.]+) \| (\d+) \|$")
# | target | classifier assigns | best f | 10th-best f | evaluations |


def _summary() -> dict:
    return json.loads((SOURCE_ROOT / "figures" / "summary.json").read_text())


def test_readme_is_a_quickstart_of_at_most_200_lines():
    assert len(README.read_text().splitlines()) <= 200


def test_readme_counts_are_the_committed_summary():
    rows = [ROW.match(line) for line in README.read_text().splitlines()]
    table = [(int(m[1]), int(m[2]), int(m[3]), m[4], m[5], int(m[6])) for m in rows if m]
    expected = [(r["target"], r["n_assigned"], r["k"], f"{r['y_best']:.3f}",
                 f"{r['y_kth_best']:.3f}", r["evaluations"]) for r in _summary()["top_samples"]]
    assert table == expected


def test_readme_and_notebooks_claim_no_fixed_counts_of_one_run():
    """Counts of samples belong in summary.json (and the README's table made from it)."""
    claim = re.compile(r"assigns \*\*\d+/10\*\*|\d+/10 of these samples|two runs gave identical")
    for path in [README, *(SOURCE_ROOT / "notebooks").glob("*.ipynb")]:
        text = path.read_text()
        if path.suffix == ".ipynb":
            text = "".join("".join(c["source"]) for c in json.loads(text)["cells"])
        assert not claim.search(text), (path.name, claim.search(text))


@pytest.mark.parametrize("page", PAGES, ids=[p.name for p in PAGES])
def test_every_relative_link_and_named_file_exists(page):
    text = page.read_text()
    for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", text):
        if not re.match(r"[a-z]+:", target):
            assert (page.parent / target).exists(), (page.name, target)
    for path in re.findall(r"`((?:tests|notebooks|vae_opt)/[\w/.-]+\.(?:py|ipynb))`", text):
        assert (SOURCE_ROOT / path).exists(), (page.name, path)


def test_readme_counts_the_notebooks_and_names_every_doc_page():
    text = README.read_text()
    notebooks = len(list((SOURCE_ROOT / "notebooks").glob("*.ipynb")))
    words = {2: "two", 3: "three", 4: "four", 5: "five"}
    assert f"{words[notebooks]} notebooks" in text and "both notebooks" not in text
    for page in (SOURCE_ROOT / "docs").glob("*.md"):
        assert f"(docs/{page.name})" in text, page.name


def test_the_package_map_has_one_line_per_subpackage():
    text = README.read_text()
    section = text[text.index("## Package map"):]
    section = section[:section.index("\n## ", 1)]
    listed = re.findall(r"^- `([\w/]+)/`:", section, flags=re.M)
    package = SOURCE_ROOT / "vae_opt"
    subpackages = sorted(str(p.parent.relative_to(package)) for p in package.rglob("__init__.py")
                         if p.parent != package)
    assert sorted(listed) == subpackages

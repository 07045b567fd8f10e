"""`actueel build`: what lands in the site's folder, what never does, and what the user is told."""

from __future__ import annotations

import json
import os
import re
import shutil
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import write_article

REPO = Path(__file__).resolve().parents[1]
CLOCK = ("--clock", "2024-01-01")
BASE = "https://www.example.nl/actueel/"


def build(run: Any, *args: str) -> Any:
    return run(*CLOCK, "build", *args)


def tree(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def pages(folder: Path) -> dict[str, bytes]:
    """The site's files, without the build's manifest (which holds the files' times)."""
    return {rel: data for rel, data in tree(folder).items() if rel != ".actueel-build.json"}


@pytest.fixture
def shipped(isolated: Path) -> Path:
    """The shipped sample articles, in a site folder with an actueel.toml."""
    shutil.rmtree(isolated / "articles")
    shutil.copytree(REPO / "articles", isolated / "articles")
    (isolated / "actueel.toml").write_text(
        f'articles_dir = "articles"\nbase_url = "{BASE}"\n', encoding="utf-8"
    )
    return isolated


# --- the pages ----------------------------------------------------------------------------------


def test_the_seed_like_article_page(run: Any, shipped: Path) -> None:
    result = build(run)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "public\n"
    page = (shipped / "public/burgemeesters-over-veiligheid/index.html").read_text("utf-8")
    assert '<p class="back"><a href="../">Terug naar Actueel</a></p>' in page
    assert "<h1>Burgemeesters over veiligheid</h1>" in page
    assert (
        '<time datetime="2017-07-17">17 juli 2017</time>, door <span class="author">Ries van Dam'
        in page
    )
    assert (
        '<img src="../media/images/burgemeesters-over-veiligheid.jpg" '
        'alt="Headerfoto Burgemeesters over veiligheid">' in page
    )
    assert "<h2>Het verborgen probleem</h2>" in page
    for tag in ("burgemeesters", "veiligheid", "ondermijning"):
        assert f'<a href="../tags/{tag}/" rel="tag">{tag}</a>' in page
    assert (shipped / "public/media/images/burgemeesters-over-veiligheid.jpg").read_bytes() == (
        shipped / "articles/images/burgemeesters-over-veiligheid.jpg"
    ).read_bytes()


def test_vorig_and_volgend_are_the_neighbours_show_gives(run: Any, shipped: Path) -> None:
    build(run)
    for path in sorted((shipped / "public").glob("*/index.html")):
        slug = path.parent.name
        if slug in ("tags", "page", "media"):
            continue
        shown = json.loads(run(*CLOCK, "show", slug, "--format", "json").stdout)
        page = path.read_text("utf-8")
        older = re.search(r'class="older">.*?href="\.\./([^/]+)/"', page, re.S)
        newer = re.search(r'class="newer">.*?href="\.\./([^/]+)/"', page, re.S)
        assert (older and older.group(1)) == shown["previous"] or (
            older is None and shown["previous"] is None
        ), slug
        assert (newer and newer.group(1)) == shown["next"] or (
            newer is None and shown["next"] is None
        ), slug
    seed = (shipped / "public/burgemeesters-over-veiligheid/index.html").read_text("utf-8")
    assert "Vorig artikel</span>\n" in seed
    assert (
        '<a href="../indonesische-politie-academie/" rel="prev">Indonesische politie(academie)'
        in seed
    )
    assert '<a href="../1000-jaar-politie/" rel="next">1000 jaar politie!</a>' in seed


def test_the_index_newest_first_with_summary_and_small_image(run: Any, shipped: Path) -> None:
    build(run)
    index = (shipped / "public/index.html").read_text("utf-8")
    titles = re.findall(r'<h2><a href="\./[^"]+/">([^<]+)</a></h2>', index)
    listed = run(*CLOCK, "list", "--format", "plain").stdout.splitlines()
    assert titles == [line.split("\t")[2].replace("'", "&#39;") for line in listed]
    assert "<h1>Actueel</h1>" in index
    assert '<img class="thumb" src="./media/images/burgemeesters-over-veiligheid.jpg"' in index
    assert '<time datetime="2017-07-17">17 juli 2017</time>, door Ries van Dam' in index
    assert '<p class="summary">Deze zomer reed ik kriskras door het land' in index
    assert 'href="./feed.xml"' in index
    assert "Jongeren als geldezel" not in index  # the draft


def test_tag_pages_and_the_overview_with_counts(run: Any, shipped: Path) -> None:
    build(run)
    overview = (shipped / "public/tags/index.html").read_text("utf-8")
    assert (
        '<a href="../tags/veiligheid/" rel="tag">veiligheid</a> <span class="count">8</span>'
        in (overview)
    )
    tag = (shipped / "public/tags/ondermijning/index.html").read_text("utf-8")
    assert "<h1>Artikelen met tag ‘ondermijning’</h1>" in tag
    listed = run(*CLOCK, "list", "--tag", "ondermijning", "--format", "plain").stdout
    slugs = re.findall(r'<h2><a href="\.\./\.\./([^/]+)/">', tag)
    assert slugs == [line.split("\t")[1] for line in listed.splitlines()]


def test_twenty_a_page_with_pages_two_to_n(run: Any, articles: Path) -> None:
    for i in range(45):
        write_article(articles, f"artikel-{i:02}", f"Artikel {i:02}", f"2020-02-{i % 28 + 1:02}",
                      tags=["veel"], sub=str(2000 + i))  # fmt: skip
    result = build(run, "--out", "site")
    assert result.exit_code == 0, result.stderr
    site = Path("site")
    pages = [site / "index.html", site / "page/2/index.html", site / "page/3/index.html"]
    counts = [p.read_text("utf-8").count('<li class="entry">') for p in pages]
    assert counts == [20, 20, 5]
    assert not (site / "page/4").exists()
    second = pages[1].read_text("utf-8")
    assert '<a href="../../" rel="prev">Nieuwere artikelen</a>' in second
    assert '<a href="../../page/3/" rel="next">Oudere artikelen</a>' in second
    assert "Pagina 2 van 3" in second
    assert (site / "tags/veel/page/3/index.html").read_text("utf-8").count('class="entry"') == 5


def test_case_and_accent_variants_of_a_tag_share_one_page(run: Any, articles: Path) -> None:
    write_article(articles, "a", "A", "2020-01-01", tags=["Politie"])
    write_article(articles, "b", "B", "2020-01-02", tags=["politie"])
    write_article(articles, "c", "C", "2020-01-03", tags=["pólitie"])
    build(run, "--out", "site")
    assert sorted(p.name for p in Path("site/tags").iterdir()) == ["index.html", "politie"]
    page = Path("site/c/index.html").read_text("utf-8")
    assert '<a href="../tags/politie/" rel="tag">pólitie</a>' in page


def test_unicode_spaces_and_dots_in_names_become_safe_paths(run: Any, articles: Path) -> None:
    write_article(articles, "Café über", "Café", "2020-01-01", tags=["a/b", "..", "x y"])
    write_article(articles, "a..b", "Punt", "2020-01-02")
    result = build(run, "--out", "site")
    assert result.exit_code == 0, result.stderr
    assert Path("site/café-über/index.html").is_file()
    assert Path("site/a-b/index.html").is_file()
    assert sorted(p.name for p in Path("site/tags").iterdir()) == ["a-b", "index.html", "x", "x-y"]
    index = Path("site/index.html").read_text("utf-8")
    assert 'href="./caf%C3%A9-%C3%BCber/"' in index
    assert all(Path("site").resolve() in p.resolve().parents for p in Path("site").rglob("*"))


def test_a_title_and_a_tag_made_to_break_out_stay_text(run: Any, articles: Path) -> None:
    write_article(articles, "xss", "<script>alert(1)</script>", "2020-01-01",
                  tags=["'\"><img src=x onerror=alert(1)>'"], author="<b>Mal</b>")  # fmt: skip
    build(run, "--out", "site", "--base-url", BASE)
    for name in ("xss/index.html", "index.html", "tags/index.html", "feed.xml"):
        text = Path("site", name).read_text("utf-8")
        assert "<script>alert" not in text and "<img src=x" not in text and "<b>Mal" not in text
    page = Path("site/xss/index.html").read_text("utf-8")
    assert "<h1>&lt;script&gt;alert(1)&lt;/script&gt;</h1>" in page
    assert "&#34;&gt;&lt;img src=x onerror=alert(1)&gt;</a>" in page


def test_raw_html_in_a_body_is_left_out_unless_allowed(run: Any, articles: Path) -> None:
    body = "Tekst <b>vet</b>.\n\n<script>alert(1)</script>\n\n[klik](javascript:alert(1))\n"
    write_article(articles, "html", "Html", "2020-01-01", body=body)
    build(run, "--out", "site")
    page = Path("site/html/index.html").read_text("utf-8")
    assert "<p>Tekst <!-- raw HTML omitted -->vet<!-- raw HTML omitted -->.</p>" in page
    assert "<script>" not in page and "javascript:" not in page
    Path("actueel.toml").write_text("allow_html = true\n", encoding="utf-8")
    build(run, "--out", "site")
    page = Path("site/html/index.html").read_text("utf-8")
    assert "<p>Tekst <b>vet</b>.</p>" in page
    assert "<script>" not in page  # GFM's tag filter still disarms it
    assert "&lt;script>alert(1)&lt;/script>" in page


def test_shortcodes_and_liquid_go_through_the_pre_pass_of_show(run: Any, articles: Path) -> None:
    body = (
        "Kijk:\n\n{{< youtube zSeKL2-_sVg >}}\n\n"
        "{% highlight ruby %}\n# een opmerking\nputs 1\n{% endhighlight %}\n\n"
        "Naar {{ site.title }} en <i>schuin</i>.\n"
    )
    write_article(articles, "codes", "Codes", "2020-01-01", body=body)
    build(run, "--out", "site")
    page = Path("site/codes/index.html").read_text("utf-8")
    # placeholders and template code shown as written are ours: kept, though raw HTML is not
    assert '<span class="actueel-placeholder">[youtube: zSeKL2-&#95;sVg]</span>' in page
    assert '<span class="actueel-verbatim">{{ site.title }}</span>' in page
    assert '<pre><code class="language-ruby"># een opmerking\nputs 1\n</code></pre>' in page
    assert "<!-- raw HTML omitted -->schuin<!-- raw HTML omitted -->" in page
    assert "{{&lt;" not in page and "{%" not in page


def test_markdown_tables_strikethrough_and_links(run: Any, articles: Path) -> None:
    body = "| a | b |\n|---|---|\n| 1 | 2 |\n\n~~weg~~ en https://www.politie.nl\n"
    write_article(articles, "gfm", "Gfm", "2020-01-01", body=body)
    build(run, "--out", "site")
    page = Path("site/gfm/index.html").read_text("utf-8")
    assert "<td>1</td>" in page and "<del>weg</del>" in page
    assert '<a href="https://www.politie.nl">https://www.politie.nl</a>' in page


# --- images -------------------------------------------------------------------------------------


def test_images_are_copied_and_a_missing_one_is_a_warning_at_its_line(
    run: Any, articles: Path
) -> None:
    (articles / "2015/foto's").mkdir(parents=True)
    (articles / "2015/foto's/a b.png").write_bytes(b"\x89PNG a")
    (articles / "images").mkdir()
    (articles / "images/kop.jpg").write_bytes(b"jpg")
    body = "Eerst.\n\n![Een](<foto's/a b.png>)\n\nDan ![weg](kwijt.png) en ![ver](https://x.nl/y.png)\n"
    write_article(articles, "foto", "Foto", "2020-01-01", image="images/kop.jpg", body=body,
                  sub="2015")  # fmt: skip
    write_article(articles, "zonder", "Zonder", "2020-01-02", image="images/geen.jpg")
    result = build(run, "--out", "site")
    assert result.exit_code == 0, result.stderr
    assert Path("site/media/2015/foto's/a b.png").read_bytes() == b"\x89PNG a"
    assert Path("site/media/images/kop.jpg").read_bytes() == b"jpg"
    page = Path("site/foto/index.html").read_text("utf-8")
    assert '<img src="../media/2015/foto%27s/a%20b.png" alt="Een" />' in page
    assert '<img src="../media/images/kop.jpg" alt="Headerfoto Foto">' in page
    assert '<img src="kwijt.png" alt="weg" />' in page
    assert '<img src="https://x.nl/y.png" alt="ver" />' in page
    # the body starts on line 8 of 2015/foto.md: "Dan ![weg]..." is line 12
    assert "2015/foto.md:12: warning: the image 'kwijt.png' is not in the articles folder" in (
        result.stderr
    )
    assert "zonder.md:5: warning: the header image 'images/geen.jpg'" in result.stderr
    assert "Headerfoto" not in Path("site/zonder/index.html").read_text("utf-8")


def test_an_image_outside_the_articles_folder_is_never_copied(
    run: Any, articles: Path, audit: list[tuple[str, str]]
) -> None:
    (articles.parent / "geheim.jpg").write_bytes(b"secret")
    (articles / "images").mkdir()
    (articles / "images/link.jpg").symlink_to(articles.parent / "geheim.jpg")
    write_article(articles, "a", "A", "2020-01-01", image="../geheim.jpg",
                  body="![x](images/link.jpg)\n")  # fmt: skip
    before = len(audit)
    result = build(run, "--out", "site")
    assert result.exit_code == 0
    assert not any(p.read_bytes() == b"secret" for p in Path("site").rglob("*") if p.is_file())
    assert result.stderr.count("warning: ") == 2
    assert not [p for _, p in audit[before:] if "geheim" in p]  # not even opened


# --- bad input ----------------------------------------------------------------------------------


def test_an_article_with_errors_is_left_out_and_named_the_rest_builds(
    run: Any, articles: Path
) -> None:
    write_article(articles, "oud", "Oud", "2020-01-01")
    (articles / "kapot.md").write_text("---\ntitle: Kapot\ndate: 2020-02-30\n---\n", "utf-8")
    (articles / "tags-fout.md").write_text(
        "---\ntitle: Fout\ndate: 2020-01-15\ntags: een, twee\n---\n", "utf-8"
    )
    write_article(articles, "nieuw", "Nieuw", "2020-03-01")
    result = build(run, "--out", "site")
    assert result.exit_code == 1
    assert "kapot.md:3:1: error: date '2020-02-30' is not a real calendar date" in result.stderr
    assert "tags-fout.md:4:1: error: tags must be a list" in result.stderr
    assert "2 files left out" in result.stderr
    assert Path("site/oud/index.html").is_file() and Path("site/nieuw/index.html").is_file()
    assert not Path("site/tags-fout").exists()
    newest = Path("site/nieuw/index.html").read_text("utf-8")
    assert '<a href="../oud/" rel="prev">Oud</a>' in newest  # not to the page left out
    assert build(run, "--out", "site", "--keep-going").exit_code == 0


def test_many_problems_are_told_in_ten_lines_grouped_and_verbose_names_each(
    run: Any, articles: Path
) -> None:
    for n in range(30):  # an archive whose header images were never copied along
        write_article(articles, f"a{n}", f"A {n}", f"2020-01-{n + 1:02d}",
                      image=f"images/2020/foto-{n}.jpg")  # fmt: skip
    (articles / "kapot.md").write_text("---\ntitle: Kapot\ndate: 2020-02-30\n---\n", "utf-8")
    result = build(run, "--out", "site", "--keep-going")
    assert result.exit_code == 0
    told = result.stderr.splitlines()
    assert told[0] == "kapot.md:3:1: error: date '2020-02-30' is not a real calendar date"
    assert told[1] == (
        "30 files: warning: the header image 'images/2020/foto-29.jpg' is not in the articles "
        "folder (looked for images/2020/foto-29.jpg); the page is built without it (e.g. a29.md:5)"
    )
    assert told[2] == "31 problems in 31 files; --verbose names every one"
    assert told[3].startswith("34 of 34 files written to site in ")  # 30 pages, 2 lists, tags
    assert len(told) == 4
    assert Path("site/a29/index.html").is_file()
    every = build(run, "--out", "site", "--keep-going", "--verbose").stderr
    assert all(f"a{n}.md:5: warning: the header image" in every for n in range(30))
    assert "kapot.md:3:1: error" in every


def test_a_bad_base_url_is_refused_before_anything_is_written(run: Any, articles: Path) -> None:
    write_article(articles, "a", "A", "2020-01-01")
    result = build(run, "--out", "site", "--base-url", "www.example.nl")
    assert result.exit_code == 1
    assert "Error: base_url 'www.example.nl' is not an absolute http(s) address" in result.stderr
    assert not Path("site").exists()


def test_a_broken_template_is_named_and_nothing_is_written(run: Any, articles: Path) -> None:
    write_article(articles, "a", "A", "2020-01-01")
    Path("templates").mkdir()
    Path("templates/list.html").write_text("<h1>{{ heading }</h1>\n", "utf-8")
    result = build(run, "--out", "site")
    assert result.exit_code == 1
    assert "Error: template templates/list.html:1: " in result.stderr.replace(
        str(Path.cwd()) + "/", ""
    )
    assert not Path("site").exists()


def test_a_template_asking_for_what_does_not_exist_is_named_with_its_line(
    run: Any, articles: Path
) -> None:
    write_article(articles, "a", "A", "2020-01-01")
    Path("templates").mkdir()
    Path("templates/article.html").write_text(
        '{% extends "base.html" %}\n{% block main %}\n{{ article.titel }}\n{% endblock %}\n',
        "utf-8",
    )
    result = build(run, "--out", "site")
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "Error: template templates/article.html:3: 'actueel_cli.site.pages.Entry object' has no "
        "attribute 'titel'"
    )


# --- settings and templates ---------------------------------------------------------------------


def test_default_output_beside_actueel_toml_from_a_sub_folder(run: Any, shipped: Path) -> None:
    (shipped / "actueel.toml").write_text(
        'articles_dir = "articles"\noutput_dir = "www"\nsite_title = "Nieuws"\nlocale = "en"\n',
        encoding="utf-8",
    )
    os.chdir(shipped / "articles/archief")
    result = build(run)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == f"{shipped / 'www'}\n"
    page = (shipped / "www/burgemeesters-over-veiligheid/index.html").read_text("utf-8")
    assert "Back to Nieuws" in page and "17 July 2017</time>, by" in page
    assert "Previous article" in page and 'alt="Header photo Burgemeesters' in page
    assert not (shipped / "www/feed.xml").exists()  # no base_url: no feed, and no link to one
    assert "feed.xml" not in page
    assert "no feed.xml or sitemap.xml without base_url" in result.stderr


def test_init_writes_the_build_settings(run: Any, tmp_path: Path) -> None:
    import tomllib

    result = run("init", str(tmp_path / "s"), "--author", "R", "--base-url", "https://x.nl/a")
    assert result.exit_code == 0, result.stderr
    config = tomllib.loads((tmp_path / "s/actueel.toml").read_text("utf-8"))
    assert config["output_dir"] == "public" and config["site_title"] == "Actueel"
    assert config["base_url"] == "https://x.nl/a/"


def test_templates_beside_actueel_toml_override_the_defaults_by_name(
    run: Any, articles: Path
) -> None:
    write_article(articles, "a", "<A>", "2020-01-01")
    Path("actueel.toml").write_text('articles_dir = "articles"\n', encoding="utf-8")
    Path("templates").mkdir()
    Path("templates/article.html").write_text(
        '{% extends "base.html" %}{% block main %}<h1 class="eigen">{{ article.title }}</h1>'
        "{% endblock %}\n",
        encoding="utf-8",
    )
    Path("templates/style.css").write_text("body { color: red; }\n", encoding="utf-8")
    build(run)
    assert '<h1 class="eigen">&lt;A&gt;</h1>' in Path("public/a/index.html").read_text("utf-8")
    assert Path("public/style.css").read_text("utf-8") == "body { color: red; }\n"
    assert '<li class="entry">' in Path("public/index.html").read_text("utf-8")  # the default


def test_an_own_entry_template_lays_out_the_articles_on_the_index_and_every_tag_page(
    run: Any, articles: Path
) -> None:
    """entry.html is rendered once per article and shown on every list page it is on: the
    addresses in it still lead from each page (the index at the root, a tag's second page four
    folders down)."""
    for day in range(1, 23):  # 22 articles: the tag 'wijk' gets a second page
        write_article(articles, f"a{day}", f"<A{day}>", f"2020-01-{day:02}", tags=["wijk"],
                      image="foto.jpg")  # fmt: skip
    (articles / "foto.jpg").write_bytes(b"jpeg")
    Path("actueel.toml").write_text('articles_dir = "articles"\n', encoding="utf-8")
    Path("templates").mkdir()
    Path("templates/entry.html").write_text(
        '<li class="eigen"><a href="{{ entry.href }}">{{ entry.title }}</a> '
        '<img src="{{ entry.image }}"> <a href="{{ root }}tags/">{{ site.title }}</a></li>\n',
        encoding="utf-8",
    )
    assert build(run).exit_code == 0
    index = Path("public/index.html").read_text("utf-8")
    assert (
        '<li class="eigen"><a href="./a22/">&lt;A22&gt;</a> <img src="./media/foto.jpg"> '
        '<a href="./tags/">Actueel</a></li>' in index
    )
    assert '<li class="entry">' not in index
    second = Path("public/tags/wijk/page/2/index.html").read_text("utf-8")
    assert (
        '<li class="eigen"><a href="../../../../a1/">&lt;A1&gt;</a> '
        '<img src="../../../../media/foto.jpg"> <a href="../../../../tags/">Actueel</a></li>'
        in second
    )
    first = Path("public/tags/wijk/index.html").read_text("utf-8")
    assert '<li class="eigen"><a href="../../a22/">&lt;A22&gt;</a>' in first
    assert "\x01" not in index + first + second


def test_a_list_template_of_its_own_may_still_lay_out_each_entry_itself(
    run: Any, articles: Path
) -> None:
    """A list.html written before entry.html existed (fields of each entry) works as it did."""
    write_article(articles, "a", "<A>", "2020-01-01", tags=["wijk"])
    Path("actueel.toml").write_text('articles_dir = "articles"\n', encoding="utf-8")
    Path("templates").mkdir()
    Path("templates/list.html").write_text(
        "{% for entry in entries %}<p>{{ entry.title }} {{ entry.href }} {{ entry.date_text }}"
        "</p>{% endfor %}\n",
        encoding="utf-8",
    )
    assert build(run).exit_code == 0
    assert Path("public/index.html").read_text("utf-8") == "<p>&lt;A&gt; ./a/ 1 januari 2020</p>"
    assert (
        Path("public/tags/wijk/index.html").read_text("utf-8")
        == "<p>&lt;A&gt; ../../a/ 1 januari 2020</p>"
    )


def test_drafts_and_scheduled_articles_only_with_drafts(run: Any, articles: Path) -> None:
    write_article(articles, "live", "Live", "2020-01-01")
    write_article(articles, "concept", "Concept", "2020-01-02", draft=True)
    write_article(articles, "later", "Later", "2030-01-01")
    build(run, "--out", "site", "--base-url", BASE)
    assert sorted(p.name for p in Path("site").iterdir() if p.is_dir()) == ["live", "tags"]
    build(run, "--out", "site", "--drafts", "--base-url", BASE)
    page = Path("site/concept/index.html").read_text("utf-8")
    assert '<span class="status">[concept]</span>' in page
    assert '<span class="status">[gepland]</span>' in Path("site/later/index.html").read_text()
    assert '<a href="../live/" rel="prev">Live</a>' in page
    assert "concept" not in Path("site/live/index.html").read_text("utf-8")
    assert "concept/" not in Path("site/feed.xml").read_text("utf-8")
    assert "concept/" not in Path("site/sitemap.xml").read_text("utf-8")


def test_with_drafts_an_expired_article_says_expired(run: Any, isolated: Path) -> None:
    """Hugo's expiryDate (issue 10): gone from the site on that day; with --drafts its page
    says so, as `show` does."""
    (isolated / "actueel.toml").write_text(
        'articles_dir = "posts"\ngenerator = "hugo"\n', encoding="utf-8"
    )
    posts = isolated / "posts"
    posts.mkdir()
    (posts / "oud.md").write_text(
        "---\ntitle: Oud\ndate: 2021-01-01\nexpiryDate: 2023-06-01\n---\n\nTekst.\n", "utf-8"
    )
    (posts / "nu.md").write_text("---\ntitle: Nu\ndate: 2022-01-01\n---\n\nTekst.\n", "utf-8")
    build(run, "--out", "site")
    assert not Path("site/oud").exists() and Path("site/nu/index.html").is_file()
    build(run, "--out", "site", "--drafts")
    page = Path("site/oud/index.html").read_text("utf-8")
    assert '<span class="status">[verlopen]</span>' in page
    assert "verlopen" in Path("site/index.html").read_text("utf-8")
    result = build(run, "--out", "site")  # without --drafts again: its page goes
    assert not Path("site/oud").exists()
    assert "; 1 file of the last build removed" in result.stderr


# --- the feed and the sitemap -------------------------------------------------------------------


def test_the_feed_is_valid_atom_with_the_latest_twenty_and_absolute_links(
    run: Any, articles: Path
) -> None:
    import feedparser

    for i in range(25):
        write_article(articles, f"a{i:02}", f"Artikel {i:02}", f"2020-01-{i + 1:02}", tags=["t"],
                      author="" if i == 24 else "Anne",
                      body=f"Eerste alinea {i}.\n\nTwee.\n")  # fmt: skip
    (articles / "images").mkdir()
    (articles / "images/x.jpg").write_bytes(b"jpg")
    write_article(articles, "beeld", "Beeld", "2020-02-01", body="![b](images/x.jpg)\n")
    build(run, "--out", "site", "--base-url", "https://www.example.nl/actueel")
    feed = feedparser.parse(Path("site/feed.xml").read_bytes())
    assert not feed.bozo, feed.bozo_exception
    assert feed.version == "atom10"
    assert feed.feed.title == "Actueel" and feed.feed.id == BASE
    assert feed.feed.updated == "2020-02-01T00:00:00Z"
    assert len(feed.entries) == 20
    first, second = feed.entries[0], feed.entries[1]
    assert first.link == BASE + "beeld/" and first.id == BASE + "beeld/"
    assert '<img alt="b" src="https://www.example.nl/actueel/media/images/x.jpg" />' in (
        first.content[0].value
    )
    assert second.title == "Artikel 24" and "author" not in second
    assert feed.entries[2].author == "Anne" and feed.entries[2].summary == "Eerste alinea 23."
    for entry in feed.entries:
        assert entry.link.startswith(BASE) and entry.updated
    links = [link.href for link in feed.feed.links]
    assert links == [BASE, BASE + "feed.xml"]
    sitemap = ET.fromstring(Path("site/sitemap.xml").read_bytes())
    locs = [e.text or "" for e in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert BASE in locs and BASE + "page/2/" in locs and BASE + "a00/" in locs
    assert BASE + "tags/t/page/2/" in locs and all(loc.startswith(BASE) for loc in locs)


def test_an_article_unreadable_when_its_page_is_made_is_in_no_list_and_not_in_the_sitemap(
    run: Any, articles: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The sitemap is made while the pages are, as if every article were built; one that could
    not be read in the meantime (here: made to fail) is left out of it again."""
    from actueel_cli.errors import ArticleProblem
    from actueel_cli.store import Archive

    for i in range(3):
        write_article(articles, f"a{i}", f"Artikel {i}", f"2020-01-0{i + 1}", tags=["t"])
    source = Archive.source

    def failing(self: Archive, article: Any) -> Any:
        if article.path == "a1.md":
            raise ArticleProblem("a1.md: cannot read: gone")
        return source(self, article)

    monkeypatch.setattr(Archive, "source", failing)
    result = build(run, "--out", "site", "--base-url", BASE)
    assert "a1.md" in result.stderr and "1 file left out" in result.stderr
    sitemap = Path("site/sitemap.xml").read_text("utf-8")
    assert BASE + "a0/" in sitemap and BASE + "a2/" in sitemap and "a1/" not in sitemap
    assert not Path("site/a1").exists()
    assert "a1/" not in Path("site/index.html").read_text("utf-8")
    assert "a1/" not in Path("site/tags/t/index.html").read_text("utf-8")


# --- the output folder --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("out", "message"),
    [
        ("articles", "is the articles folder or a folder above it"),
        (".", "is the articles folder or a folder above it"),
        ("..", "is the articles folder or a folder above it"),
        ("articles/public", "is inside the articles folder"),
        ("eigen", "is not empty and was not made by `actueel build`"),
        ("bestand.txt", "is a file, not a folder"),
    ],
)
def test_an_output_folder_that_is_not_the_sites_own_is_refused(
    run: Any, articles: Path, out: str, message: str
) -> None:
    write_article(articles, "a", "A", "2020-01-01")
    Path("eigen").mkdir()
    Path("eigen/mijn.txt").write_text("van mij", encoding="utf-8")
    Path("bestand.txt").write_text("tekst", encoding="utf-8")
    before = tree(Path.cwd())
    result = build(run, "--out", out)
    assert result.exit_code == 1
    assert message in result.stderr and result.stderr.startswith("Error: ")
    assert tree(Path.cwd()) == before


def test_a_rebuild_removes_the_pages_it_no_longer_makes_and_nothing_else(
    run: Any, articles: Path
) -> None:
    write_article(articles, "blijft", "Blijft", "2020-01-01", tags=["a"])
    gone = write_article(articles, "weg", "Weg", "2020-01-02", tags=["weg"])
    build(run, "--out", "site")
    Path("site/CNAME").write_text("www.example.nl\n", encoding="utf-8")  # the user's own
    assert Path("site/weg/index.html").is_file()
    gone.write_text(gone.read_text("utf-8").replace("title:", "draft: true\ntitle:"), "utf-8")
    result = build(run, "--out", "site")
    assert result.exit_code == 0
    assert not Path("site/weg").exists() and not Path("site/tags/weg").exists()
    assert Path("site/CNAME").read_text("utf-8") == "www.example.nl\n"
    assert "; 2 files of the last build removed" in result.stderr
    files = json.loads(Path("site/.actueel-build.json").read_text("utf-8").splitlines()[1])
    assert "CNAME" not in files and "blijft/index.html" in files


def test_the_same_archive_gives_the_same_bytes(run: Any, shipped: Path) -> None:
    build(run, "--out", "een")
    os.utime(shipped / "articles/1000-jaar-politie.md")  # touched, not changed
    build(run, "--out", "twee")
    one, two = pages(shipped / "een"), pages(shipped / "twee")
    assert one == two and len(one) > 25


@pytest.fixture
def audit() -> Iterator[list[tuple[str, str]]]:
    """Every file opened (to read or write), renamed, made or removed while the fixture is
    active."""
    events: list[tuple[str, str]] = []
    active = [True]

    def hook(event: str, args: tuple[Any, ...]) -> None:
        if not active[0]:
            return
        if event == "open" and len(args) >= 3:
            path, mode, flags = args[0], args[1], args[2]
            writes = (isinstance(mode, str) and any(c in mode for c in "wax+")) or (
                isinstance(flags, int) and flags & (os.O_WRONLY | os.O_RDWR)
            )
            if isinstance(path, str | bytes | os.PathLike):
                events.append(("write" if writes else "read", os.fsdecode(path)))
        elif event in ("os.rename", "os.mkdir", "os.remove", "os.rmdir", "os.symlink"):
            for item in args[:2]:
                if isinstance(item, str | bytes | os.PathLike):
                    events.append((event, os.fsdecode(item)))

    sys.addaudithook(hook)
    try:
        yield events
    finally:
        active[0] = False


def test_nothing_is_written_outside_the_output_folder_and_each_file_atomically(
    run: Any, shipped: Path, audit: list[tuple[str, str]], tmp_path: Path
) -> None:
    build(run, "--out", "public")
    build(run, "--out", "public")  # the second time over files that exist
    out = str(shipped / "public")
    allowed = (out + "/", str(tmp_path / "cache"), str(tmp_path / "state"))
    changed = [(e, p) for e, p in audit if e != "read"]
    outside = [(e, p) for e, p in changed if not (os.path.abspath(p) + "/").startswith(allowed)]
    assert outside == []
    written = {os.path.abspath(p) for e, p in audit if e == "write"}
    assert written and all(".tmp" in Path(p).name for p in written)  # never the page itself
    renamed = [os.path.abspath(p) for e, p in audit if e == "os.rename"]
    assert len(renamed) == 2 * len(written)  # each temporary file renamed to its page
    assert not list((shipped / "public").rglob("*.tmp"))


def test_an_empty_archive_builds_an_empty_site_with_a_valid_feed(run: Any, articles: Path) -> None:
    import feedparser

    result = build(run, "--out", "site", "--base-url", BASE)
    assert result.exit_code == 0, result.stderr
    assert "Nog geen artikelen." in Path("site/index.html").read_text("utf-8")
    assert "Nog geen artikelen." in Path("site/tags/index.html").read_text("utf-8")
    feed = feedparser.parse(Path("site/feed.xml").read_bytes())
    assert not feed.bozo and feed.entries == []


def test_a_control_code_in_a_title_cannot_break_the_feed(run: Any, articles: Path) -> None:
    import feedparser

    path = write_article(articles, "stuur", "Titel", "2020-01-01", body="Tekst\x0b hier.\n")
    path.write_text(path.read_text("utf-8").replace('"Titel"', '"Ti\\u0001tel"'), "utf-8")
    result = build(run, "--out", "site", "--base-url", BASE)
    assert result.exit_code == 0, result.stderr
    feed = feedparser.parse(Path("site/feed.xml").read_bytes())
    assert not feed.bozo, feed.bozo_exception
    assert feed.entries[0].title == "Titel"
    assert "<h1>Titel</h1>" in Path("site/stuur/index.html").read_text("utf-8")


def test_the_default_templates_are_package_data() -> None:
    from importlib.resources import files

    from actueel_cli.site.pages import TEMPLATE_NAMES

    folder = files("actueel_cli.site") / "templates"
    assert sorted(p.name for p in folder.iterdir()) == sorted(TEMPLATE_NAMES)


def test_a_quick_build_on_a_terminal_says_one_line(run: Any, articles: Path) -> None:
    write_article(articles, "a", "A", "2020-01-01")
    result = run("--clock", "2024-01-01", "build", env={"TTY_COMPATIBLE": "1"})
    assert result.exit_code == 0
    assert result.stderr.startswith("4 of 4 files written to public in ")
    assert result.stderr.count("\n") == 1

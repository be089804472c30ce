"""Figures of the book, drawn from the data: deterministic SVG in a colour-blind-safe palette."""

from __future__ import annotations

import io
import textwrap

import matplotlib

matplotlib.use("svg")  # no display, and the same backend in Jupyter, nbval and the book

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402
from matplotlib.patches import FancyBboxPatch  # noqa: E402
from matplotlib.path import Path  # noqa: E402

from ..analysis.audit import CONSISTENT, IMPRECISE, INCONSISTENT, STATUSES, UNVERIFIABLE  # noqa: E402
from ..analysis.counts import STRATEGY_DOMAIN  # noqa: E402
from ..analysis.wording import count_phrase, label_case, number_word  # noqa: E402
from ..dataset.vocabulary import DESIGNS, DIFFERENCE, FAVOURS_TEST, NO_DIFFERENCE, POSITIVE, SECTIONS  # noqa: E402

#: Okabe & Ito (2008): distinguishable with every common form of colour blindness.
OKABE_ITO = {
    "orange": "#E69F00",
    "sky blue": "#56B4E9",
    "bluish green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish purple": "#CC79A7",
    "black": "#000000",
}
DESIGN_COLOURS = dict(zip(DESIGNS, (OKABE_ITO["blue"], OKABE_ITO["orange"], OKABE_ITO["bluish green"]), strict=True))
DIRECTION_COLOURS = {
    DIFFERENCE: OKABE_ITO["blue"],
    FAVOURS_TEST: OKABE_ITO["blue"],
    NO_DIFFERENCE: OKABE_ITO["vermillion"],
}
GREY = "#595959"  # 7:1 contrast on white


def use_book_style() -> None:
    """Settings every figure shares: fonts, sizes, and what makes the SVG bytes reproducible."""
    plt.rcParams.update(
        {
            "svg.hashsalt": "residual-pain-review",  # fixed ids inside the SVG
            # Text stays text: a reader can select it, find it, and the page can measure it.
            "svg.fonttype": "none",
            # Text from data/ is shown as written: "$" never starts mathtext.
            "text.parse_math": False,
            # Matplotlib lays the text out with DejaVu Sans; the SVG names it first, then fonts
            # of similar width and the generic family, for readers who do not have it.
            "font.family": "sans-serif",
            "font.sans-serif": ["DejaVu Sans", "Verdana", "Arial", "Helvetica"],
            "font.size": 10,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "figure.dpi": 100,
        }
    )


def to_svg(fig: Figure) -> str:
    """The figure as SVG text, without a date or any other varying metadata; closes the figure."""
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None, "Creator": None})
    plt.close(fig)
    return buffer.getvalue()


# --- PRISMA 2020 flow diagram ---------------------------------------------------------------------


def _box_text(label: str, n: object, status: str, counted_in: object) -> tuple[str, bool]:
    """A box's text and whether the paper reports its count."""
    if status == "reported":
        return f"{label}\n(n = {int(n)})", True
    if status == "combined":
        return f"{label}\n(no separate count: included in {str(counted_in).replace('_', ' ')})", False
    if status == "not applicable":
        return f"{label}\n(not part of this review)", False
    return f"{label}\n(not reported)", False


def prisma_diagram(prisma: pd.DataFrame, reasons: pd.DataFrame) -> Figure:
    """The databases arm of a PRISMA 2020 flow diagram; boxes the paper leaves out say so."""
    rows = prisma.set_index("box")

    def text(box: str) -> tuple[str, bool]:
        r = rows.loc[box]
        return _box_text(str(r["label"]), r["n"], str(r["status"]), r["counted_in"])

    def stack(boxes: list[str]) -> tuple[str, bool]:
        parts = [text(b) for b in boxes]
        return "\n\n".join(p[0] for p in parts), any(p[1] for p in parts)

    excluded_text, excluded_known = text("dbr_excluded")
    for reason in reasons[reasons["box"] == "dbr_excluded"].itertuples():
        excluded_text += f"\n  {reason.reason}: n = {reason.n}"

    main = [
        (
            "identification",
            stack(["database_results", "register_results"]),
            stack(["duplicates", "excluded_automatic", "excluded_other"]),
        ),
        ("screening", text("records_screened"), text("records_excluded")),
        ("screening", text("dbr_sought_reports"), text("dbr_notretrieved_reports")),
        ("screening", text("dbr_assessed"), (excluded_text, excluded_known)),
        ("included", stack(["new_studies", "new_reports"]), None),
    ]
    heights = [2.4, 1.0, 1.0, 1.3, 1.3]
    bottom = 11.6 - sum(heights) - 0.45 * (len(heights) - 1) - 0.1
    fig = plt.figure(figsize=(8.6, 0.72 * (12.1 - bottom)))
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, 10)
    ax.set_ylim(bottom, 12.1)
    ax.axis("off")

    def draw(x: float, y: float, w: float, h: float, content: tuple[str, bool]) -> None:
        label, known = content
        ax.add_patch(
            FancyBboxPatch(
                (x, y),
                w,
                h,
                boxstyle="round,pad=0,rounding_size=0.08",
                facecolor="white" if known else "#F2F2F2",
                edgecolor="black" if known else GREY,
                linestyle="-" if known else (0, (4, 2)),
                linewidth=1.2,
            )
        )
        wrapped = "\n".join(
            textwrap.fill(line, 44, subsequent_indent="  " if line.startswith("  ") else "")
            for line in label.split("\n")
        )
        ax.text(x + 0.15, y + h / 2, wrapped, va="center", ha="left", fontsize=9, color="black" if known else GREY)

    phases = {"identification": "Identification", "screening": "Screening", "included": "Included"}
    spans: dict[str, list[float]] = {}
    top = 11.6
    for (phase, left, right), h in zip(main, heights):
        y = top - h
        draw(1.0, y, 4.1, h, left)
        if right is not None:
            draw(5.7, y, 4.1, h, right)
            ax.annotate(
                "", xy=(5.7, y + h / 2), xytext=(5.1, y + h / 2), arrowprops={"arrowstyle": "-|>", "color": "black"}
            )
        spans.setdefault(phase, []).extend([y, top])
        if phase != "included":
            ax.annotate("", xy=(3.05, y - 0.45), xytext=(3.05, y), arrowprops={"arrowstyle": "-|>", "color": "black"})
        top = y - 0.45
    for phase, ys in spans.items():
        low, high = min(ys), max(ys)
        ax.add_patch(
            FancyBboxPatch(
                (0.1, low),
                0.55,
                high - low,
                boxstyle="round,pad=0,rounding_size=0.08",
                facecolor=OKABE_ITO["sky blue"],
                edgecolor="none",
            )
        )
        ax.text(
            0.375, (low + high) / 2, phases[phase], rotation=90, va="center", ha="center", fontsize=9, fontweight="bold"
        )
    ax.text(
        1.0, 11.75, "Identification of studies via databases and registers", fontsize=10, fontweight="bold", va="bottom"
    )
    return fig


# --- Effect direction plot --------------------------------------------------------------------------

SIZE_CLASSES = ((300, "more than 300", 150), (50, "50 to 300", 90), (0, "fewer than 50", 45))
#: ◄► as a marker: two triangles pointing apart ("no difference" in an effect direction plot).
NO_DIFFERENCE_MARKER = Path(
    [(-1.0, 0.0), (-0.1, 0.55), (-0.1, -0.55), (-1.0, 0.0), (1.0, 0.0), (0.1, 0.55), (0.1, -0.55), (1.0, 0.0)],
    [Path.MOVETO, Path.LINETO, Path.LINETO, Path.CLOSEPOLY] * 2,
)


def _marker_size(n: object) -> float:
    if pd.isna(n):
        return 45
    return next(size for lower, _, size in SIZE_CLASSES if int(n) > lower or lower == 0)


def _entry_label(r: object) -> str:
    """A row's study as the effect direction plot names it; a row that a later update added says so."""
    update = getattr(r, "update", None)
    added = f" (added in {update})" if isinstance(update, str) else ""
    return f"{r.first_author} {r.year} [{r.ref}]{added}"  # type: ignore[attr-defined]


def effect_direction_plot(rows: pd.DataFrame, positive_label: str) -> Figure:
    """One row per table entry, grouped by factor or strategy; ▲ where the row names a better group
    (``positive_label`` says which), ◄► where it records no difference.

    After Thomson & Thomas (2013): the symbol's size gives the study's size (empty where
    the text states none), its colour the design. ``rows`` are rows of ``entries()``.
    """
    layout: list[tuple[float, str, object]] = []  # (y, tick label, the entry or None for a heading)
    y = 0.0
    for group in dict.fromkeys(rows["name"]):
        layout.append((y, label_case(str(group)), None))
        y += 1
        for r in rows[rows["name"] == group].itertuples():
            layout.append((y, _entry_label(r), r))
            y += 1
        y += 0.4
    fig, ax = plt.subplots(figsize=(5.2, 0.9 + 0.28 * y))
    for yy, _, r in layout:
        if r is None:
            continue
        colour = DESIGN_COLOURS[r.design]
        size = _marker_size(r.n_total)
        style = {
            "s": size,
            "facecolor": "white" if pd.isna(r.n_total) else colour,
            "edgecolor": colour,
            "linewidth": 1.4,
        }
        if r.direction in POSITIVE:
            ax.scatter([0], [yy], marker="^", **style)
        else:
            ax.scatter([-0.07], [yy], marker="<", **style)
            ax.scatter([0.07], [yy], marker=">", **style)
        n_text = f", n = {int(r.n_total):,}" if not pd.isna(r.n_total) else ""  # an empty symbol says it: no size
        ax.text(0.35, yy, f"{r.design}{n_text}", va="center", fontsize=9, color=GREY)
    ax.set_yticks([yy for yy, _, _ in layout], [label for _, label, _ in layout], fontsize=9)
    for tick, (_, _, r) in zip(ax.get_yticklabels(), layout):
        if r is None:
            tick.set_fontweight("bold")
    ax.set_xlim(-0.4, 1.6)
    ax.set_ylim(y - 0.4, -0.8)
    ax.set_xticks([0], ["Pain relief"], fontsize=9)
    ax.tick_params(axis="both", length=0)
    ax.spines[["left", "bottom"]].set_visible(False)
    ax.xaxis.set_ticks_position("top")
    designs = [d for d in DESIGN_COLOURS if d in set(rows["design"])]
    handles = [
        Line2D([], [], marker="^", linestyle="", color="black", markersize=8, label=positive_label),
        Line2D([], [], marker=NO_DIFFERENCE_MARKER, linestyle="", color="black", markersize=13, label=NO_DIFFERENCE),
        *[Line2D([], [], marker="s", linestyle="", color=DESIGN_COLOURS[d], markersize=8, label=d) for d in designs],
        Line2D(
            [],
            [],
            marker="^",
            linestyle="",
            markerfacecolor="white",
            markeredgecolor="black",
            markersize=8,
            label="participants not stated",
        ),
    ]
    # Below the plot, not beside it, so that the figure stays narrow enough for a phone.
    ax.legend(
        handles=handles,
        loc="upper left",
        bbox_to_anchor=(-0.45, 0.0),
        ncols=2,
        frameon=False,
        fontsize=9,
        title="Symbol: finding. Colour: design.\nSize: participants (over 300, 50 to 300, under 50).",
        title_fontsize=9,
        alignment="left",
    )
    return fig


# --- Evidence map and designs -----------------------------------------------------------------------


def evidence_map(entries: pd.DataFrame) -> Figure:
    """Table entries per factor and strategy, stacked by direction of the finding and grouped by domain."""
    counts = entries.groupby(["domain", "name", "direction"]).size()
    fig, ax = plt.subplots(figsize=(7.2, 1.2 + 0.3 * (entries["name"].nunique() + 2 * entries["domain"].nunique())))
    ticks: list[tuple[float, str, bool]] = []  # (y, tick label, is a heading)
    y = 0.0
    for domain in dict.fromkeys(entries["domain"]):
        ticks.append((y, "Strategies" if domain == STRATEGY_DOMAIN else f"{domain.capitalize()} factors", True))
        y += 1
        for name in dict.fromkeys(entries.loc[entries["domain"] == domain, "name"]):
            left = 0
            for direction in DIRECTION_COLOURS:
                value = int(counts.get((domain, name, direction), 0))
                if value:
                    ax.barh(
                        y,
                        value,
                        left=left,
                        height=0.7,
                        color=DIRECTION_COLOURS[direction],
                        edgecolor="white",
                        hatch="//" if direction == NO_DIFFERENCE else "",
                    )
                    ax.text(
                        left + value / 2,
                        y,
                        str(value),
                        ha="center",
                        va="center",
                        color="white",
                        fontsize=9,
                        fontweight="bold",
                    )
                    left += value
            ticks.append((y, label_case(name), False))
            y += 1
        y += 0.3
    ax.set_yticks([t for t, _, _ in ticks], [label for _, label, _ in ticks], fontsize=9)
    for tick, (_, _, heading) in zip(ax.get_yticklabels(), ticks):
        if heading:
            tick.set_fontweight("bold")
    ax.tick_params(axis="y", length=0)
    ax.set_ylim(y - 0.2, -0.7)
    ax.set_xlabel("Rows of Tables 1 and 2")
    ax.xaxis.get_major_locator().set_params(integer=True)
    handles = [
        plt.Rectangle((0, 0), 1, 1, color=OKABE_ITO["blue"], label="better pain relief with one group or level"),
        plt.Rectangle(
            (0, 0), 1, 1, facecolor=OKABE_ITO["vermillion"], hatch="//", edgecolor="white", label=NO_DIFFERENCE
        ),
    ]
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.4, -0.12), ncols=2, frameon=False, fontsize=9)
    return fig


def designs_by_year(entries: pd.DataFrame) -> Figure:
    """Distinct studies per publication year, stacked by design: a histogram of years, which seaborn draws."""
    import seaborn as sns

    studies = entries.drop_duplicates("ref")
    fig, ax = plt.subplots(figsize=(6.4, 3.2))
    sns.histplot(
        studies,
        x="year",
        hue="design",
        hue_order=list(DESIGN_COLOURS),
        palette=DESIGN_COLOURS,
        multiple="stack",
        discrete=True,
        shrink=0.8,
        edgecolor="white",
        alpha=1,
        ax=ax,
    )
    ax.set_xticks(sorted(studies["year"].unique()))
    ax.set_ylabel("Studies")
    ax.set_xlabel("Year of publication")
    ax.yaxis.get_major_locator().set_params(integer=True)
    legend = ax.get_legend()
    legend.set_title(None)
    legend.set_frame_on(False)
    for text in legend.get_texts():
        text.set_fontsize(9)
    return fig


# --- The audit: claims by section and status ---------------------------------------------------------

STATUS_COLOURS = {
    CONSISTENT: OKABE_ITO["blue"],
    IMPRECISE: OKABE_ITO["yellow"],
    INCONSISTENT: OKABE_ITO["vermillion"],
    UNVERIFIABLE: "#BBBBBB",
}
STATUS_HATCH = {CONSISTENT: "", IMPRECISE: "\\\\", INCONSISTENT: "//", UNVERIFIABLE: ".."}
#: Dark text on the light fills, white on the dark ones.
STATUS_TEXT = {CONSISTENT: "white", IMPRECISE: "black", INCONSISTENT: "white", UNVERIFIABLE: "black"}


def audit_status_figure(findings: pd.DataFrame) -> Figure:
    """Each section's claims as shares by status (one section holds most claims, so counts would hide the
    others); the count of each share is printed in it where it fits, and each section's total at the right."""
    table = pd.crosstab(findings["section"], findings["status"]).reindex(
        index=[s for s in SECTIONS if s in set(findings["section"])], columns=list(STATUSES), fill_value=0
    )
    totals = table.sum(axis=1)
    shares = table.div(totals, axis=0)
    fig, ax = plt.subplots(figsize=(7.2, 0.8 + 0.42 * len(table)))
    left = pd.Series(0.0, index=table.index)
    for status in STATUSES:
        ax.barh(
            table.index,
            shares[status],
            left=left,
            color=STATUS_COLOURS[status],
            hatch=STATUS_HATCH[status],
            edgecolor="white",
            label=status,
            height=0.7,
        )
        for y, (count, share, start) in enumerate(zip(table[status], shares[status], left)):
            if share >= 0.07:  # a narrower share has no room for its number; the table and the alt text give it
                ax.text(
                    start + share / 2,
                    y,
                    str(count),
                    ha="center",
                    va="center",
                    fontsize=9,
                    color=STATUS_TEXT[status],
                    fontweight="bold",
                )
        left += shares[status]
    for y, total in enumerate(totals):
        ax.text(1.02, y, f"n = {total}", ha="left", va="center", fontsize=9)
    ax.set_xlim(0, 1)
    ax.xaxis.set_major_formatter(lambda x, _: f"{x:.0%}")
    ax.invert_yaxis()
    ax.set_xlabel("Share of the section's claims")
    ax.legend(loc="upper center", bbox_to_anchor=(0.45, -0.18), ncols=4, frameon=False, fontsize=9)
    ax.tick_params(axis="y", length=0)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    return fig


def audit_status_figure_alt(findings: pd.DataFrame) -> str:
    parts = []
    for section in SECTIONS:
        part = findings[findings["section"] == section]
        if len(part):
            counts = part["status"].value_counts()
            parts.append(f"{section}: " + ", ".join(f"{int(counts[s])} {s}" for s in STATUSES if s in counts))
    return "Bar chart of the paper's claims per section, by audit status. " + "; ".join(parts) + "."


# --- Alt text: what each figure shows, in words, from the same data --------------------------------


def prisma_alt(prisma: pd.DataFrame, reasons: pd.DataFrame) -> str:
    """The flow diagram in words: every box with its count or why it has none."""
    parts = []
    for row in prisma.itertuples():
        text, _ = _box_text(str(row.label), row.n, str(row.status), row.counted_in)
        parts.append(text.replace("\n", " "))
    for reason in reasons.itertuples():
        parts.append(f"excluded because {reason.reason}: {reason.n}")
    return "PRISMA 2020 flow diagram. " + "; ".join(parts) + "."


def designs_by_year_alt(entries: pd.DataFrame) -> str:
    """The stacked bars in words: per year, studies by design."""
    studies = entries.drop_duplicates("ref")
    parts = []
    for year, group in studies.groupby("year"):
        counts = group["design"].value_counts()
        parts.append(f"{year}: " + ", ".join(f"{int(counts[d])} {d.lower()}" for d in DESIGN_COLOURS if d in counts))
    return "Stacked bar chart of included studies per year of publication, by design. " + "; ".join(parts) + "."


def evidence_map_alt(entries: pd.DataFrame) -> str:
    """The evidence map in words: per factor or strategy, rows with and without a difference."""
    parts = []
    for name, group in entries.groupby("name", sort=False):
        found = int(group["direction"].isin(POSITIVE).sum())
        parts.append(
            f"{label_case(name)}: {count_phrase(len(group), 'row')}, {number_word(found)} with a difference and "
            f"{number_word(len(group) - found)} with none"
        )
    return "Bar chart of the rows of Tables 1 and 2 per factor and strategy. " + "; ".join(parts) + "."


def effect_direction_alt(rows: pd.DataFrame, positive_label: str) -> str:
    """The effect direction plot in words: every study with its design, size and finding."""
    parts = []
    for group, members in rows.groupby("name", sort=False):
        studies = []
        for r in members.itertuples():
            size = f"n = {int(r.n_total):,}" if not pd.isna(r.n_total) else "size not stated"
            finding = positive_label if r.direction in POSITIVE else NO_DIFFERENCE
            studies.append(f"{_entry_label(r)}, {r.design.lower()}, {size}: {finding}")
        parts.append(f"{label_case(str(group))}: " + "; ".join(studies))
    return "Effect direction plot. " + ". ".join(parts) + "."


# --- Every question at a glance: direction and certainty -----------------------------------------------

#: Where a question's rows point, as the columns of the figure name it.
DIRECTION_COLUMNS = ("better or related", "mixed", "no difference")
#: One colour per GRADE level, darkest for the highest; the filled dots say the same without colour.
CERTAINTY_COLOURS = {
    "high": OKABE_ITO["blue"],
    "moderate": OKABE_ITO["bluish green"],
    "low": OKABE_ITO["orange"],
    "very low": "#BBBBBB",
}
CERTAINTY_ORDER = ("very low", "low", "moderate", "high")


def _direction_column(better: int, no_difference: int) -> int:
    if better and not no_difference:
        return 0
    return 2 if not better else 1


def certainty_map(summary: pd.DataFrame) -> Figure:
    """Every question of the summary of findings on one row, grouped as the paper's tables group them: a dot in the
    column of the direction its rows point (better or related, mixed, no difference), coloured by the certainty,
    and the certainty as GRADE writes it, in filled dots and in words."""
    layout: list[tuple[float, str, object]] = []
    y = 0.0
    for group in dict.fromkeys(summary["group"]):
        layout.append((y, str(group), None))
        y += 1
        for r in summary[summary["group"] == group].itertuples():
            layout.append((y, f"{r.label[:1].upper()}{r.label[1:]}", r))
            y += 1
        y += 0.3
    fig, ax = plt.subplots(figsize=(7.2, 0.9 + 0.3 * y))
    for column in range(len(DIRECTION_COLUMNS)):
        ax.axvline(column, color="#DDDDDD", linewidth=0.8, zorder=0)
    for yy, _, r in layout:
        if r is None:
            continue
        level = CERTAINTY_ORDER.index(r.certainty)
        ax.scatter(
            [_direction_column(r.better, r.no_difference)],
            [yy],
            s=90,
            color=CERTAINTY_COLOURS[r.certainty],
            edgecolor="black",
            linewidth=0.8,
            zorder=3,
        )
        for dot in range(4):
            ax.scatter(
                [3.0 + 0.22 * dot],
                [yy],
                s=36,
                facecolor="black" if dot <= level else "white",
                edgecolor="black",
                linewidth=0.8,
            )
        ax.text(3.9, yy, r.certainty, va="center", fontsize=9)
        ax.text(4.9, yy, count_phrase(r.studies, "study"), va="center", fontsize=9, color=GREY)
    ax.set_yticks([yy for yy, _, _ in layout], [label for _, label, _ in layout], fontsize=9)
    for tick, (_, _, r) in zip(ax.get_yticklabels(), layout):
        if r is None:
            tick.set_fontweight("bold")
    ax.set_xticks([0, 1, 2, 3.33], [*(c.capitalize() for c in DIRECTION_COLUMNS), "Certainty"], fontsize=9)
    ax.xaxis.set_ticks_position("top")
    ax.tick_params(axis="both", length=0)
    ax.spines[["left", "bottom"]].set_visible(False)
    ax.set_xlim(-0.5, 5.7)
    ax.set_ylim(y - 0.1, -0.8)
    handles = [
        Line2D(
            [],
            [],
            marker="o",
            linestyle="",
            markerfacecolor=CERTAINTY_COLOURS[level],
            markeredgecolor="black",
            markersize=9,
            label=level,
        )
        for level in reversed(CERTAINTY_ORDER)
    ]
    ax.legend(
        handles=handles,
        loc="upper left",
        bbox_to_anchor=(-0.4, 0.0),
        ncols=4,
        frameon=False,
        fontsize=9,
        title="Colour and filled dots: certainty of the evidence (GRADE, this edition's).",
        title_fontsize=9,
        alignment="left",
    )
    return fig


def certainty_map_alt(summary: pd.DataFrame) -> str:
    """The figure in words: each question with the direction of its rows and its certainty."""
    parts = []
    for group, rows in summary.groupby("group", sort=False):
        items = [
            f"{r.label}: {DIRECTION_COLUMNS[_direction_column(r.better, r.no_difference)]}, {r.certainty} certainty"
            for r in rows.itertuples()
        ]
        parts.append(f"{group}: " + "; ".join(items))
    return (
        "Every question at a glance: the direction of its table rows and the certainty of its evidence. "
        + ". ".join(parts)
        + "."
    )

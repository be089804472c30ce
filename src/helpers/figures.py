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

#: Okabe & Ito (2008): distinguishable with every common form of colour blindness.
OKABE_ITO = {
    "orange": "#E69F00", "sky blue": "#56B4E9", "bluish green": "#009E73", "yellow": "#F0E442",
    "blue": "#0072B2", "vermillion": "#D55E00", "reddish purple": "#CC79A7", "black": "#000000",
}
DESIGN_COLOURS = {"Prospective": OKABE_ITO["blue"], "Retrospective": OKABE_ITO["orange"], "Meta-analysis": OKABE_ITO["bluish green"]}
DIRECTION_COLOURS = {"difference": OKABE_ITO["blue"], "favours test": OKABE_ITO["blue"], "no difference": OKABE_ITO["vermillion"]}
GREY = "#595959"  # 7:1 contrast on white


def use_book_style() -> None:
    """Settings every figure shares: fonts, sizes, and what makes the SVG bytes reproducible."""
    plt.rcParams.update({
        "svg.hashsalt": "residual-pain-review",  # fixed ids inside the SVG
        "svg.fonttype": "path",  # glyphs as paths: the same look whatever fonts a reader has
        "font.family": "DejaVu Sans",
        "font.size": 10,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "figure.dpi": 100,
    })


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
        ("identification", stack(["database_results", "register_results"]), stack(["duplicates", "excluded_automatic", "excluded_other"])),
        ("screening", text("records_screened"), text("records_excluded")),
        ("screening", text("dbr_sought_reports"), text("dbr_notretrieved_reports")),
        ("screening", text("dbr_assessed"), (excluded_text, excluded_known)),
        ("included", stack(["new_studies", "new_reports"]), None),
    ]
    heights = [2.0, 1.0, 1.0, 1.3, 1.3]
    fig = plt.figure(figsize=(8.6, 8.4))
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, 10)
    ax.set_ylim(0, 12)
    ax.axis("off")

    def draw(x: float, y: float, w: float, h: float, content: tuple[str, bool]) -> None:
        label, known = content
        ax.add_patch(FancyBboxPatch((x, y), w, h, boxstyle="round,pad=0,rounding_size=0.08",
                                    facecolor="white" if known else "#F2F2F2",
                                    edgecolor="black" if known else GREY,
                                    linestyle="-" if known else (0, (4, 2)), linewidth=1.2))
        wrapped = "\n".join(textwrap.fill(line, 44, subsequent_indent="  " if line.startswith("  ") else "")
                            for line in label.split("\n"))
        ax.text(x + 0.15, y + h / 2, wrapped, va="center", ha="left", fontsize=8.3, color="black" if known else GREY)

    phases = {"identification": "Identification", "screening": "Screening", "included": "Included"}
    spans: dict[str, list[float]] = {}
    top = 11.6
    for (phase, left, right), h in zip(main, heights):
        y = top - h
        draw(1.0, y, 4.1, h, left)
        if right is not None:
            draw(5.7, y, 4.1, h, right)
            ax.annotate("", xy=(5.7, y + h / 2), xytext=(5.1, y + h / 2), arrowprops={"arrowstyle": "-|>", "color": "black"})
        spans.setdefault(phase, []).extend([y, top])
        if phase != "included":
            ax.annotate("", xy=(3.05, y - 0.45), xytext=(3.05, y), arrowprops={"arrowstyle": "-|>", "color": "black"})
        top = y - 0.45
    for phase, ys in spans.items():
        low, high = min(ys), max(ys)
        ax.add_patch(FancyBboxPatch((0.1, low), 0.55, high - low, boxstyle="round,pad=0,rounding_size=0.08",
                                    facecolor=OKABE_ITO["sky blue"], edgecolor="none"))
        ax.text(0.375, (low + high) / 2, phases[phase], rotation=90, va="center", ha="center", fontsize=9, fontweight="bold")
    ax.text(1.0, 11.75, "Identification of studies via databases and registers", fontsize=10, fontweight="bold", va="bottom")
    return fig


# --- Effect direction plot --------------------------------------------------------------------------

SIZE_CLASSES = ((300, "more than 300", 150), (50, "50 to 300", 90), (0, "fewer than 50", 45))


def _marker_size(n: object) -> float:
    if pd.isna(n):
        return 45
    return next(size for lower, _, size in SIZE_CLASSES if int(n) > lower or lower == 0)


def effect_direction_plot(rows: pd.DataFrame, group_column: str, positive: str, positive_label: str) -> Figure:
    """One row per table entry, grouped; ▲ where the study found ``positive``, ◄► where it found no difference.

    After Thomson & Thomson (2013): the symbol's size gives the study's size (empty where
    the text states none), its colour the design. ``rows`` needs the columns ref,
    first_author, year, design, direction, n_total and ``group_column``.
    """
    groups = list(dict.fromkeys(rows[group_column]))
    labels, ys, y = [], [], 0.0
    heads = []
    for group in groups:
        heads.append((y, group))
        y += 1
        for r in rows[rows[group_column] == group].itertuples():
            labels.append((y, f"{r.first_author} {r.year} [{r.ref}]", r))
            y += 1
        y += 0.4
    fig, ax = plt.subplots(figsize=(7.2, 0.5 + 0.3 * y))
    for yy, _, r in labels:
        colour = DESIGN_COLOURS[r.design]
        size = _marker_size(r.n_total)
        face = colour if not pd.isna(r.n_total) else "white"
        if r.direction == positive:
            ax.scatter([0], [yy], marker="^", s=size, facecolor=face, edgecolor=colour, linewidth=1.4)
        else:
            ax.scatter([-0.09, 0.09], [yy, yy], marker="<", s=size, facecolor=face, edgecolor=colour, linewidth=1.4)
            ax.scatter([0.09], [yy], marker=">", s=size, facecolor=face, edgecolor=colour, linewidth=1.4)
        n_text = f"n = {int(r.n_total)}" if not pd.isna(r.n_total) else "n not stated"
        ax.text(0.45, yy, f"{r.design}, {n_text}", va="center", fontsize=8.5, color=GREY)
    ax.set_yticks([yy for yy, _, _ in labels], [text for _, text, _ in labels], fontsize=9)
    for yy, group in heads:
        ax.text(-2.9, yy, str(group), fontweight="bold", fontsize=9.5, va="center", transform=ax.get_yaxis_transform())
    ax.set_xlim(-0.5, 2.6)
    ax.set_ylim(y - 0.4, -0.8)
    ax.set_xticks([0], ["Pain relief"], fontsize=9)
    ax.tick_params(axis="y", length=0)
    ax.spines[["left", "bottom"]].set_visible(False)
    ax.xaxis.set_ticks_position("top")
    handles = [
        Line2D([], [], marker="^", linestyle="", color="black", markersize=8, label=positive_label),
        Line2D([], [], marker="$◄►$", linestyle="", color="black", markersize=12, label="no difference"),
        *[Line2D([], [], marker="s", linestyle="", color=c, markersize=8, label=d) for d, c in DESIGN_COLOURS.items()
          if d in set(rows["design"])],
        Line2D([], [], marker="^", linestyle="", markerfacecolor="white", markeredgecolor="black", markersize=8,
               label="participants not stated"),
    ]
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False, fontsize=8.5,
              title="Symbol: finding; colour: design;\nsize: participants (>300, 50-300, <50)", title_fontsize=8.5,
              alignment="left")
    return fig


# --- Evidence map and designs -----------------------------------------------------------------------


def evidence_map(entries: pd.DataFrame) -> Figure:
    """Table entries per factor and strategy, stacked by direction of the finding and grouped by domain."""
    order = list(dict.fromkeys(zip(entries["domain"], entries["name"])))
    counts = entries.groupby(["domain", "name", "direction"]).size()
    fig, ax = plt.subplots(figsize=(7.6, 0.6 + 0.34 * (len(order) + 4)))
    y, ticks, domain_rows = 0.0, [], {}
    previous = None
    for domain, name in order:
        if domain != previous:
            y += 0.6 if previous is not None else 0
            domain_rows[domain] = y
            previous = domain
        left = 0
        for direction in ("difference", "favours test", "no difference"):
            value = int(counts.get((domain, name, direction), 0))
            if value:
                ax.barh(y, value, left=left, color=DIRECTION_COLOURS[direction], edgecolor="white", height=0.7,
                        hatch="" if direction != "no difference" else "//")
                ax.text(left + value / 2, y, str(value), ha="center", va="center", color="white", fontsize=8.5, fontweight="bold")
                left += value
        ticks.append((y, name))
        y += 1
    ax.set_yticks([t for t, _ in ticks], [n for _, n in ticks], fontsize=9)
    ax.set_ylim(y - 0.4, -0.9)
    for domain, yy in domain_rows.items():
        ax.text(1.0, yy, "strategies" if domain == "strategy" else f"{domain} factors", transform=ax.get_yaxis_transform(),
                fontsize=8.5, color=GREY, va="center", ha="right", fontstyle="italic")
    ax.set_xlabel("Rows of Tables 1 and 2")
    ax.xaxis.get_major_locator().set_params(integer=True)
    handles = [
        plt.Rectangle((0, 0), 1, 1, color=OKABE_ITO["blue"], label="better pain relief with one group or level"),
        plt.Rectangle((0, 0), 1, 1, facecolor=OKABE_ITO["vermillion"], hatch="//", edgecolor="white", label="no difference"),
    ]
    ax.legend(handles=handles, loc="lower right", frameon=False, fontsize=8.5)
    return fig


def designs_by_year(entries: pd.DataFrame) -> Figure:
    """Distinct studies per publication year, stacked by design."""
    studies = entries.drop_duplicates("ref")
    table = pd.crosstab(studies["year"], studies["design"]).reindex(columns=list(DESIGN_COLOURS), fill_value=0)
    fig, ax = plt.subplots(figsize=(6.4, 3.2))
    bottom = pd.Series(0, index=table.index)
    for design, colour in DESIGN_COLOURS.items():
        ax.bar(table.index.astype(str), table[design], bottom=bottom, color=colour, label=design, edgecolor="white")
        bottom += table[design]
    ax.set_ylabel("Studies")
    ax.set_xlabel("Year of publication")
    ax.yaxis.get_major_locator().set_params(integer=True)
    ax.legend(frameon=False, fontsize=8.5)
    return fig

"""A game's tables and plots as files people can open: CSV series and PNG charts."""

from __future__ import annotations

import io
import os
import tempfile
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # files only; no display on servers and CI

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import StrMethodFormatter

from wargame.engine.model import CeasefireModel
from wargame.engine.roster import DISPLAY_NAMES
from wargame.files import file_mode, write_atomic


def weekly_frame(model: CeasefireModel) -> pd.DataFrame:
    """Model-level series, one row per week (week 0 = the start)."""
    return model.datacollector.get_model_vars_dataframe().reset_index(drop=True)


def actors_frame(model: CeasefireModel) -> pd.DataFrame:
    """Actor-level series: one row per actor per week."""
    frame = model.datacollector.get_agent_vars_dataframe().reset_index()
    return frame.rename(columns={"Step": "week"}).drop(columns=["AgentID"])


def tables(model: CeasefireModel) -> dict[str, pd.DataFrame]:
    """Every table of a game by file name: weekly, actors, incidents, events."""
    return {
        "weekly.csv": weekly_frame(model),
        "actors.csv": actors_frame(model),
        "incidents.csv": model.log.incidents_frame(),
        "events.csv": model.log.events_frame(),
    }


def write_tables(model: CeasefireModel, folder: str | Path) -> list[Path]:
    """Write the game's tables as CSV files into a folder; returns their paths."""
    folder = Path(folder)
    written = []
    for name, frame in tables(model).items():
        write_atomic(folder / name, frame.to_csv(index=False))
        written.append(folder / name)
    return written


def series_figures(weekly: pd.DataFrame, title: str = "") -> dict[str, Figure]:
    """The main time series as figures: casualties, coalition, incidents, escalation."""
    w = weekly["week"]
    figures: dict[str, Figure] = {}

    fig, ax = _figure(title, "Casualties (cumulative)")
    for column, label in (
        ("casualties_russia", DISPLAY_NAMES["russia"]),
        ("casualties_ukraine", DISPLAY_NAMES["ukraine"]),
        ("casualties_coalition", "Coalition"),
        ("casualties_civilian", "Civilians"),
    ):
        if column in weekly:
            ax.plot(w, weekly[column], label=label)
    ax.set_ylabel("people")
    ax.legend()
    figures["casualties.png"] = fig

    fig, ax = _figure(title, "Coalition troops and will")
    ax.plot(w, weekly["coalition_troops"], label="deployed", color="tab:blue")
    ax.plot(w, weekly["coalition_committed"], label="committed (rotation)", color="tab:cyan")
    ax.set_ylabel("troops")
    ax.set_ylim(0, max(1, weekly["coalition_committed"].max()) * 1.1)
    will = ax.twinx()
    will.plot(w, weekly["coalition_will"], label="mean will", color="tab:red", linestyle="--")
    will.set_ylim(0, 1.05)
    will.set_ylabel("will (0-1)")
    will.yaxis.set_major_formatter(StrMethodFormatter("{x:.1f}"))
    _joint_legend(ax, will)
    figures["coalition.png"] = fig

    fig, ax = _figure(title, "Incidents by level and attribution (cumulative)")
    for column, label in (
        ("incidents_level1", "level 1: below threshold/hybrid"),
        ("incidents_level2", "level 2: limited tactical"),
        ("incidents_level3", "level 3: large-scale"),
        ("attributed_to_russia", "attributed to Russia"),
        ("attributed_to_ukraine", "attributed to Ukraine"),
        ("wrong_attributions", "wrongly attributed"),
    ):
        style = "-" if column.startswith("incidents") else ":"
        ax.plot(w, weekly[column], label=label, linestyle=style)
    ax.set_ylabel("incidents")
    ax.legend(fontsize="small")
    figures["incidents.png"] = fig

    fig, ax = _figure(title, "Escalation level")
    ax.plot(w, weekly["escalation"], color="tab:red")
    ax.set_ylabel("escalation (0 = calm)")
    ax.yaxis.set_major_formatter(StrMethodFormatter("{x:,.2f}"))
    figures["escalation.png"] = fig
    return figures


def write_plots(weekly: pd.DataFrame, folder: str | Path, title: str = "") -> list[Path]:
    """Write the main time series as PNG plots into a folder; returns their paths."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, fig in series_figures(weekly, title).items():
        path = folder / name
        fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".png", dir=folder)
        os.close(fd)
        try:
            fig.savefig(tmp, dpi=110)
            os.chmod(tmp, file_mode())
            os.replace(tmp, path)
        finally:
            Path(tmp).unlink(missing_ok=True)
            plt.close(fig)
        written.append(path)
    return written


def table_csvs(model: CeasefireModel) -> dict[str, str]:
    """Every table of a game as CSV text, by file name (for a download)."""
    return {name: frame.to_csv(index=False) for name, frame in tables(model).items()}


def plot_pngs(weekly: pd.DataFrame, title: str = "", dpi: int = 110) -> dict[str, bytes]:
    """The main time series as PNG images, by file name (for a download or a page)."""
    out = {}
    for name, fig in series_figures(weekly, title).items():
        buffer = io.BytesIO()
        try:
            fig.savefig(buffer, format="png", dpi=dpi)
        finally:
            plt.close(fig)
        out[name] = buffer.getvalue()
    return out


def _figure(title: str, what: str) -> tuple[Figure, plt.Axes]:
    fig, ax = plt.subplots(figsize=(8, 4), layout="constrained")
    ax.set_title(f"{title}: {what}" if title else what)
    ax.set_xlabel("week")
    ax.grid(alpha=0.3)
    ax.yaxis.set_major_formatter(StrMethodFormatter("{x:,.0f}"))
    return fig, ax


def _joint_legend(left: plt.Axes, right: plt.Axes) -> None:
    handles, labels = left.get_legend_handles_labels()
    more, more_labels = right.get_legend_handles_labels()
    left.figure.legend(handles + more, labels + more_labels, loc="outside lower center", ncols=3)

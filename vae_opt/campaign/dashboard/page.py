"""The dashboard's Bokeh document: widgets and figures fed by the shared ``Watcher``.

Every page polls the watcher every ``poll_ms`` (a Bokeh periodic callback, run by the server)
and replaces a data source only when its version changed; Bokeh sends the change to the
browser. No JavaScript is written here.
"""

from __future__ import annotations

import html

from bokeh.layouts import column, row
from bokeh.models import (ColorBar, ColumnDataSource, DataTable, Div, LinearColorMapper,
                          NumberFormatter, TableColumn)
from bokeh.palettes import Greys256, Viridis256
from bokeh.plotting import figure

from vae_opt.campaign.dashboard.state import Extras, View, Watcher

_MARKERS = {"told": dict(marker="circle", fill_color="white", line_color="black", size=7),
            "pending": dict(marker="circle", fill_color=None, line_color="orange", size=9,
                            line_width=2),
            "failed": dict(marker="x", color="red", size=9, line_width=2)}
_TABLE = (("id", "id", None), ("batch", "batch", None), ("status", "status", None),
          ("value", "value", "0.0000"), ("loss", "loss", "0.0000"), ("t", "t", None),
          ("created (UTC)", "created", None), ("told (UTC)", "told", None))


def best_text(view: View) -> str:
    """The line at the top of the page: the best point and the counts."""
    c = view.counts
    counts = f"{c['told']} told, {c['pending']} pending, {c['failed']} failed"
    if view.best is None:
        return f"no told value yet ({counts})"
    b = view.best
    t = ", ".join(f"{x:.3f}" for x in b["t"][:4]) + (", ..." if len(b["t"]) > 4 else "")
    return (f"best: point {b['id']}, value {b['value']:.4f}, loss {b['loss']:.4f} at t = "
            f"({t}) — {counts}")


class Page:
    """One browser page's document, kept in step with the watcher."""

    def __init__(self, doc, watcher: Watcher):
        self.watcher, self.version, self.extras_version = watcher, None, None
        view = watcher.poll()
        self.header = Div(text=f"<h2>vae-opt dashboard</h2><p>{html.escape(view.title)}</p>",
                          width=1100)
        self.best = Div(text="", width=1100, name="best",
                        styles={"font-size": "16px", "font-weight": "bold"})
        self.curve_source = ColumnDataSource({"n": [], "loss": [], "best": [], "id": []})
        self.table_source = ColumnDataSource({key: [] for _, key, _ in _TABLE})
        self.samples_note = Div(text="", width=520)
        self.samples_html = Div(text="", width=520, name="samples")
        self.surrogate_note = Div(text="", width=1100)
        self.image_sources = {key: ColumnDataSource(
            {"image": [], "x": [], "y": [], "dw": [], "dh": []}, name=f"surrogate-{key}")
            for key in ("mean", "acquisition")}
        self.point_sources = {s: ColumnDataSource({"t1": [], "t2": [], "id": []})
                              for s in _MARKERS}
        self.best_source = ColumnDataSource({"t1": [], "t2": []})
        self.digit_source = ColumnDataSource({"image": [], "x": [], "y": [], "dw": [], "dh": [],
                                              "label": [], "lx": [], "ly": []},
                                             name="digits")
        parts = [self.header, self.best, row(self._curve(), column(
            Div(text="<b>best samples</b>"), self._digits(), self.samples_html,
            self.samples_note)), self.surrogate_note]
        if watcher.settings.dim == 2:
            bounds = watcher.settings.bounds
            parts.append(row(self._surface("mean", "GP posterior mean of the loss", bounds),
                             self._surface("acquisition", "acquisition", bounds)))
        parts.append(self._table())
        doc.add_root(column(*parts))
        doc.title = f"vae-opt: {watcher.path.name}"
        self.update()
        doc.add_periodic_callback(self.update, watcher.config.poll_ms)

    # --- building ----------------------------------------------------------------------------

    def _curve(self):
        fig = figure(title="best loss so far", width=560, height=330,
                     x_axis_label="told values", y_axis_label="loss",
                     tools="pan,wheel_zoom,box_zoom,reset,hover",
                     tooltips=[("point", "@id"), ("loss", "@loss{0.0000}")])
        fig.scatter("n", "loss", source=self.curve_source, color="grey", size=4,
                    legend_label="each told value")
        fig.step("n", "best", source=self.curve_source, mode="after", line_width=2,
                 legend_label="best so far")
        fig.legend.location = "top_right"
        return fig

    def _digits(self):
        fig = figure(width=520, height=150, tools="", toolbar_location=None,
                     x_range=(0, 6 * 32), y_range=(0, 40), match_aspect=True)
        fig.axis.visible, fig.grid.visible, fig.outline_line_color = False, False, None
        fig.image(image="image", x="x", y="y", dw="dw", dh="dh", source=self.digit_source,
                  color_mapper=LinearColorMapper(palette=Greys256, low=0.0, high=1.0))
        fig.text("lx", "ly", text="label", source=self.digit_source, text_font_size="9pt",
                 text_align="center")
        self.digit_figure = fig
        return fig

    def _surface(self, key: str, title: str, bounds: tuple[float, float]):
        fig = figure(title=title, width=540, height=470, x_range=bounds, y_range=bounds,
                     x_axis_label="t1", y_axis_label="t2", match_aspect=True,
                     tools="pan,wheel_zoom,box_zoom,reset,hover",
                     tooltips=[("point", "@id"), ("t", "(@t1{0.000}, @t2{0.000})")])
        mapper = LinearColorMapper(palette=Viridis256, nan_color=(0, 0, 0, 0))
        fig.image(image="image", x="x", y="y", dw="dw", dh="dh", source=self.image_sources[key],
                  color_mapper=mapper)
        fig.add_layout(ColorBar(color_mapper=mapper, width=10), "right")
        for status, style in _MARKERS.items():
            fig.scatter("t1", "t2", source=self.point_sources[status], legend_label=status,
                        **style)
        fig.scatter("t1", "t2", source=self.best_source, marker="star", size=18,
                    fill_color="gold", line_color="black", legend_label="best")
        fig.legend.location, fig.legend.background_fill_alpha = "bottom_left", 0.6
        return fig

    def _table(self):
        columns = [TableColumn(field=key, title=title, formatter=NumberFormatter(
            format=fmt, nan_format="-")) if fmt else TableColumn(field=key, title=title)
            for title, key, fmt in _TABLE]
        self.table = DataTable(source=self.table_source, columns=columns, width=1100,
                               height=360, index_position=None, name="points")
        return column(Div(text="<b>points</b> (newest last; click a header to sort)"),
                      self.table)

    # --- updating ----------------------------------------------------------------------------

    def update(self) -> None:
        """Take the watcher's latest View and Extras, replacing only what changed."""
        try:
            view = self.watcher.poll()
        except Exception as error:  # the file went away or broke: say so, keep what is shown
            self.best.text = html.escape(f"cannot read {self.watcher.path}: {error}")
            self.version = None
            return
        if view.version != self.version:
            self.version = view.version
            self.best.text = html.escape(best_text(view))
            self.curve_source.data = view.curve
            # BokehJS redraws a table when its row count changes, not when values change in
            # place (a pending point told): empty it first, in the same message to the browser.
            self.table_source.data = {key: [] for key in view.table}
            self.table_source.data = view.table
            for status, source in self.point_sources.items():
                source.data = view.points.get(status, {"t1": [], "t2": [], "id": []})
            b = view.best
            self.best_source.data = ({"t1": [b["t"][0]], "t2": [b["t"][1]]}
                                     if b is not None and len(b["t"]) == 2 else
                                     {"t1": [], "t2": []})
        extras = self.watcher.extras()
        if extras.version != self.extras_version:
            self.extras_version = extras.version
            self._show_extras(extras)

    def _show_extras(self, extras: Extras) -> None:
        self.surrogate_note.text = html.escape(extras.surrogate_note)
        s = extras.surrogate
        for key, source in self.image_sources.items():
            source.data = ({"image": [s[key]], "x": [s["x0"]], "y": [s["x0"]],
                            "dw": [s["width"]], "dh": [s["width"]]} if s is not None else
                           {"image": [], "x": [], "y": [], "dw": [], "dh": []})
        self.samples_note.text = html.escape(extras.samples_note)
        digits = [d for d in extras.samples if "image" in d]
        self.digit_source.data = {
            "image": [d["image"] for d in digits], "x": [32 * i for i in range(len(digits))],
            "y": [0] * len(digits), "dw": [28] * len(digits), "dh": [28] * len(digits),
            "label": [f"#{d['id']}: {d['loss']:.3f}" for d in digits],
            "lx": [32 * i + 14 for i in range(len(digits))], "ly": [30] * len(digits)}
        self.digit_figure.visible = bool(digits)
        self.samples_html.text = _cells_html([d for d in extras.samples if "html" in d])


def _cells_html(samples: list[dict]) -> str:
    """Samples a domain shows as HTML (e.g. molecules drawn), as a grid with id, loss, value."""
    return "".join(f"<div style='display:inline-block;width:240px;vertical-align:top'>"
                   f"{d['html']}<br><b>#{d['id']}</b> loss {d['loss']:.3f}, value "
                   f"{d['value']:.4g}</div>" for d in samples)


def make_document(doc, watcher: Watcher) -> None:
    """Bokeh's handler: build a page for one browser session."""
    Page(doc, watcher)

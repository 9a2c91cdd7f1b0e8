//! Sizes, colours and text style shared by every chart.

use plotters::chart::MeshStyle;
use plotters::coord::Shift;
use plotters::coord::ranged1d::ValueFormatter;
use plotters::prelude::*;

/// Width of every chart, in SVG user units.
pub(super) const WIDTH: u32 = 640;
/// Height of the time charts and of empty charts.
pub(super) const HEIGHT: u32 = 320;
/// Height of the legend strip above time charts.
pub(super) const LEGEND_HEIGHT: u32 = 28;
/// Generic family: no font file needed, the browser picks one.
const FONT: &str = "sans-serif";
/// Font size handed to plotters; the SVG backend writes `size / 1.24`, i.e. 12.5.
const FONT_SIZE: f64 = 15.5;

/// Body text: 17.4:1 on white.
const TEXT: RGBColor = RGBColor(0x1a, 0x1a, 0x1a);
/// Axes and the target path: 7.5:1 on white.
pub(super) const DARK: RGBColor = RGBColor(0x4d, 0x4d, 0x4d);
/// Grid lines (decorative only).
const GRID: RGBColor = RGBColor(0xe3, 0xe3, 0xe3);
/// Bars and measurements: 6.4:1 on white.
pub(super) const BLUE: RGBColor = RGBColor(0x1f, 0x5f, 0xa8);
/// Cumulative line and forecast: 5.9:1 on white; tells apart from blue also with colour-blindness.
pub(super) const ORANGE: RGBColor = RGBColor(0xa3, 0x4a, 0x00);

/// What every chart is drawn on.
pub(super) type Area<'a> = DrawingArea<SVGBackend<'a>, Shift>;
/// The result of drawing on an [`Area`].
pub(super) type DrawResult = Result<(), Box<dyn std::error::Error>>;

/// The style of every text.
pub(super) fn text_style() -> TextStyle<'static> {
    (FONT, FONT_SIZE).into_font().color(&TEXT)
}

/// The look every chart's grid shares: dark axes, grid lines at the labelled
/// ticks only, labels in body text.
pub(super) fn grid_look<'m, 'a, 'b, X, Y, XT, YT, DB>(
    mesh: &'m mut MeshStyle<'a, 'b, X, Y, DB>,
) -> &'m mut MeshStyle<'a, 'b, X, Y, DB>
where
    X: Ranged<ValueType = XT> + ValueFormatter<XT>,
    Y: Ranged<ValueType = YT> + ValueFormatter<YT>,
    DB: DrawingBackend,
{
    mesh.axis_style(DARK)
        .bold_line_style(GRID)
        .light_line_style(TRANSPARENT)
        .label_style(text_style())
}

//! The legend strip above the time charts.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::style::{Area, DrawResult, text_style};

/// How a legend entry is marked; never by colour alone.
#[derive(Clone, Copy)]
pub(super) enum LegendMark {
    Bar(RGBColor),
    Line(RGBColor),
    Dashed(RGBColor),
    Square(RGBColor),
}

/// Draws `items` in a row from the left, each its mark then its text.
pub(super) fn draw_legend(area: &Area<'_>, items: &[(LegendMark, String)]) -> DrawResult {
    let style = text_style().pos(Pos::new(HPos::Left, VPos::Center));
    let y = 16;
    let mut x = 80;
    for (mark, text) in items {
        match *mark {
            LegendMark::Bar(c) => {
                area.draw(&Rectangle::new([(x, y - 6), (x + 18, y + 6)], c.filled()))?;
            }
            LegendMark::Line(c) => {
                area.draw(&PathElement::new(
                    vec![(x, y), (x + 24, y)],
                    c.stroke_width(2),
                ))?;
                area.draw(&Circle::new((x + 12, y), 3, c.filled()))?;
            }
            LegendMark::Dashed(c) => {
                for dash in [0, 10, 20] {
                    area.draw(&PathElement::new(
                        vec![(x + dash, y), (x + dash + 5, y)],
                        c.stroke_width(2),
                    ))?;
                }
            }
            LegendMark::Square(c) => {
                area.draw(&Rectangle::new(
                    [(x + 7, y - 5), (x + 17, y + 5)],
                    c.filled(),
                ))?;
            }
        }
        area.draw_text(text, &style, (x + 30, y))?;
        let width = i32::try_from(text.chars().count()).unwrap_or(100);
        x += 30 + width * 7 + 24;
    }
    Ok(())
}

"""The SVG charts: accessible names, gaps for missing figures, whole-number ticks for counts."""

from openehcp.reporting.charts import Series, line_chart, nice_maximum


def chart(values, **kwargs):
    return str(
        line_chart(
            chart_id="c",
            title="Plans <issued>",
            description="The table beside it has the numbers.",
            labels=["Jan 2024", "Feb 2024", "Mar 2024"],
            series=[Series("Plans", values)],
            **kwargs,
        )
    )


def test_chart_is_an_image_named_by_its_title_and_description_with_no_inline_style():
    svg = chart([1, 2, 3])
    assert 'role="img"' in svg and 'aria-labelledby="c-title c-desc"' in svg
    assert '<title id="c-title">Plans &lt;issued&gt;</title>' in svg
    assert "style=" not in svg


def test_a_missing_figure_leaves_a_gap_in_the_line():
    assert chart([1, None, 3]).count("<polyline") == 2
    assert chart([1, 2, 3]).count("<polyline") == 1


def test_axis_tops_are_round_and_counts_get_whole_number_ticks():
    assert [nice_maximum(v) for v in (0, 3, 7, 12, 180, 1000)] == [1, 5, 10, 20, 200, 1000]
    ticks = chart([0, 1, 2])
    assert ">0.5<" not in ticks and ">4<" in ticks
    assert ">100%<" in chart([50.0, 60.0, None], maximum=100, unit="%")

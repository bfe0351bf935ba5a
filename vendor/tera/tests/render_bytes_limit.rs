//! `Tera::set_render_bytes_limit`: a render that would make more bytes than its limit stops with
//! a rendering error, however it makes them, and one within it renders as without a limit.

use tera::{Context, Tera};

const LIMIT: usize = 1 << 20;

fn render(template: &str) -> Result<String, String> {
    let mut tera = Tera::default();
    tera.add_raw_templates(vec![
        ("main", template),
        ("double", "{{ s ~ s }}{{ s ~ s }}"),
    ])
    .unwrap();
    tera.set_render_bytes_limit(Some(LIMIT));
    tera.render("main", &Context::new()).map_err(|e| {
        let mut message = e.to_string();
        let mut source = std::error::Error::source(&e);
        while let Some(cause) = source {
            message.push_str(&format!(": {cause}"));
            source = cause.source();
        }
        message
    })
}

fn assert_stopped(template: &str) {
    let err = render(template).expect_err(template);
    assert!(err.contains("limit"), "{template}: {err}");
}

#[test]
fn doubling_a_string_stops_at_the_limit() {
    assert_stopped(
        "{% set_global s = 'x' %}{% for i in range(end=64) %}{% set_global s = s ~ s %}{% endfor %}{{ s | length }}",
    );
}

#[test]
fn capturing_and_writing_stop_at_the_limit() {
    // A `{% set %}` block that captures its own text twice, again and again.
    assert_stopped(
        "{% set_global s = 'x' %}{% for i in range(end=64) %}{% set_global s %}{{ s }}{{ s }}{% endset %}{% endfor %}",
    );
    // Output written, long before any other bound would see it.
    assert_stopped(
        "{% for i in range(end=100000) %}{{ 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx' }}{% endfor %}",
    );
}

#[test]
fn lists_stop_at_the_limit() {
    assert_stopped(
        "{% set_global l = [1] %}{% for i in range(end=64) %}{% set_global l = [...l, ...l] %}{% endfor %}{{ l | length }}",
    );
    assert_stopped("{% set l = [] %}{{ [i for i in range(end=100000)] | length }}");
}

#[test]
fn filters_that_multiply_their_input_are_refused_before_they_make_it() {
    // `replace` with a long replacement for a character repeated: the result is the product.
    assert_stopped(
        "{% set_global s = 'x' %}{% for i in range(end=10) %}{% set_global s = s ~ s %}{% endfor %}{{ s | replace(from='x', to=s) | length }}",
    );
    assert_stopped(
        "{% set_global s = 'x' %}{% for i in range(end=10) %}{% set_global s = s ~ s %}{% endfor %}{{ range(end=1024) | join(sep=s) | length }}",
    );
    assert_stopped(
        "{% set_global s = '\n' %}{% for i in range(end=12) %}{% set_global s = s ~ s %}{% endfor %}{{ s | indent(width=1000, blank=true) | length }}",
    );
}

#[test]
fn an_include_counts_against_the_same_limit() {
    assert_stopped(
        "{% set_global s = 'x' %}{% for i in range(end=19) %}{% set_global s = s ~ s %}{% endfor %}{% for i in range(end=4) %}{% include 'double' %}{% endfor %}",
    );
}

#[test]
fn a_render_within_the_limit_is_unchanged() {
    let template = "{% set_global s = 'ab' %}{% for i in range(end=3) %}{% set_global s = s ~ s %}{% endfor %}{{ s }} {{ s | replace(from='a', to='c') }} {{ [1, 2, 3] | join(sep='-') }}";
    assert_eq!(
        render(template).unwrap(),
        "abababababababab cbcbcbcbcbcbcbcb 1-2-3"
    );
    let mut tera = Tera::default();
    tera.add_raw_template("main", template).unwrap();
    assert_eq!(
        tera.render("main", &Context::new()).unwrap(),
        render(template).unwrap()
    );
}

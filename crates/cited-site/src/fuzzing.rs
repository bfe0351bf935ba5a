//! Entry points for the fuzz targets (`fuzz/`), behind the `fuzzing` feature: checks of internal
//! invariants that the public API cannot reach. Not part of the crate's API.

/// Panics if the direct reader of reference files (`yaml::direct`) reads `text` otherwise than
/// serde-saphyr does, as a list of items or as Pandoc's `references:` mapping.
pub fn check_reference_readers(text: &str) {
    use crate::yaml::direct::{Top, agrees};
    for top in [Top::List, Top::References] {
        agrees(text, top);
    }
}

/// Panics if the direct reader of front matter reads `text` otherwise than serde-saphyr does.
pub fn check_front_matter_readers(text: &str) {
    crate::page::front_matter_agrees(text);
}

#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = cited_fuzz::site(data);
});

#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    cited_fuzz::claims(data);
});

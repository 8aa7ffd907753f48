//! Feeds arbitrary bytes to the offline-message parsers: the `Mail-Data` list, the
//! stored message, the content checks and the SOAP requests and answers. None may
//! panic, and content a client composes from the text must decode back to it.

#![no_main]

use libfuzzer_sys::fuzz_target;
use msntui::protocol::offline::{
    MailDataList, OfflineText, RsiRequest, StoreAnswer, StoreRequest, StoredContent,
    compose_content,
};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let _ = MailDataList::parse(&text);
    let _ = OfflineText::parse(&text);
    let _ = StoredContent::check(&text);
    let _ = StoreAnswer::parse(500, &text);
    let _ = RsiRequest::parse(data);
    let _ = StoreRequest::parse(data);

    let content = compose_content(&text, "{498AD15C-0848-4257-9914-DCD59C2BE10F}", 1);
    assert!(StoredContent::check(&content).is_some(), "{content:?} refused");
    let stored = format!("From: <alice@example.com>\r\n{content}");
    let read = OfflineText::parse(&stored).expect("composed content parses");
    assert_eq!(read.body.as_deref(), Ok(&*text));
});

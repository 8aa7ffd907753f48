//! Offline messages (OIM, MSNP11+; extensions §2): the `Mail-Data` list the NS and
//! `rsi.asmx` give, the stored message `GetMessage` returns, the content a client
//! stores with `oim.asmx`, and the SOAP envelopes of both services. Pure documents: no
//! sockets, no HTTP.

mod date;
mod error;
mod mail_data;
mod soap;
mod stored;

pub use date::{MailDates, mail_dates};
pub use error::{BodyProblem, OfflineError};
pub use mail_data::{MAX_LISTED, MailDataList, MailDataShape, OfflineSummary, mail_data_xml};
pub use soap::{
    LOCK_KEY_CHALLENGE, OIM_NAMESPACE, RSI_NAMESPACE, RsiAction, RsiRequest, STORE2_NAMESPACE,
    StoreAnswer, StoreFault, StoreRequest, refuses_ticket, rsi_answer_text, rsi_envelope,
    store_action, store_envelope,
};
pub use stored::{OfflineText, StoredContent, compose_content};

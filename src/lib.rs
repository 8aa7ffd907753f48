//! msntui: a terminal MSN Messenger client for revival servers (MSNP2–MSNP18).

pub mod protocol;

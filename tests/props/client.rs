//! Every command a client sends.

use msntui::protocol::ClientCommand;
use msntui::protocol::command::{Out, Png};
use proptest::prelude::*;

use super::common::{notification, payload_request};
use super::fallback::unknown;
use super::lists::{
    adc, add_request, adg_request, blp, gtc, prp, rea_request, reg_request, rem, rmg_request, sbp,
    syn_request,
};
use super::presence::{chg, ims_request, page, page_data, sdc, snd, url_request, uum, uun};
use super::session::{client_version, gcf_request, inf, qry, usr_request, ver, xfr_request};
use super::switchboard::{ans_request, cal, msg_request};

variants!(ClientCommand {
    Ver,
    Inf,
    Cvr,
    Usr,
    Xfr,
    Out,
    Png,
    Qry,
    Gcf,
    Syn,
    Gtc,
    Blp,
    Prp,
    Add,
    Rem,
    Adc,
    Adg,
    Rmg,
    Reg,
    Sbp,
    Rea,
    Adl,
    Rml,
    Fqy,
    Chg,
    Uux,
    Uun,
    Uum,
    Url,
    Ims,
    Snd,
    Sdc,
    Not,
    Pag,
    Pgd,
    Put,
    Del,
    Sdg,
    Vas,
    Cal,
    Ans,
    Msg,
    Error,
    Unknown,
});

/// Variants the strategy leaves out: a client never sends a numeric error reply, and
/// the client-side parser reads one as an unknown command.
pub const NOT_GENERATED: &[&str] = &["Error"];

pub fn client_command() -> impl Strategy<Value = ClientCommand> {
    use ClientCommand as C;
    prop_oneof![
        ver().prop_map(C::Ver),
        inf().prop_map(C::Inf),
        client_version().prop_map(C::Cvr),
        usr_request().prop_map(C::Usr),
        xfr_request().prop_map(C::Xfr),
        Just(C::Out(Out)),
        Just(C::Png(Png)),
        qry().prop_map(C::Qry),
        gcf_request().prop_map(C::Gcf),
        syn_request().prop_map(C::Syn),
        gtc().prop_map(C::Gtc),
        blp().prop_map(C::Blp),
        prp().prop_map(C::Prp),
        add_request().prop_map(C::Add),
        rem().prop_map(C::Rem),
        adc().prop_map(C::Adc),
        adg_request().prop_map(C::Adg),
        rmg_request().prop_map(C::Rmg),
        reg_request().prop_map(C::Reg),
        sbp().prop_map(C::Sbp),
        rea_request().prop_map(C::Rea),
        payload_request().prop_map(C::Adl),
        payload_request().prop_map(C::Rml),
        payload_request().prop_map(C::Fqy),
        chg().prop_map(C::Chg),
        payload_request().prop_map(C::Uux),
        uun().prop_map(C::Uun),
        uum().prop_map(C::Uum),
        url_request().prop_map(C::Url),
        ims_request().prop_map(C::Ims),
        snd().prop_map(C::Snd),
        sdc().prop_map(C::Sdc),
        notification().prop_map(C::Not),
        page().prop_map(C::Pag),
        page_data().prop_map(C::Pgd),
        payload_request().prop_map(C::Put),
        payload_request().prop_map(C::Del),
        payload_request().prop_map(C::Sdg),
        payload_request().prop_map(C::Vas),
        cal().prop_map(C::Cal),
        ans_request().prop_map(C::Ans),
        msg_request().prop_map(C::Msg),
        unknown::<C>().prop_map(C::Unknown),
    ]
}

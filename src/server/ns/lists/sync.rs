//! SYN and its dump in each generation's shape (docs/protocol.md §3.2–3.4).

use crate::protocol::ServerCommand;
use crate::protocol::command::{
    AddPrompt, Blp, GroupId, GroupList, Gtc, IndexedContact, Lsg, Lst, PrivacyMode, Prp, Sequence,
    SynReply, SynRequest,
};
use crate::protocol::types::{Address, ErrorCode, List, Trid, UrlText};
use crate::server::directory::{Directory, Privacy};
use crate::server::lock;

use crate::server::ns::session::{Flow, NsSession};

/// The fixed list versions the recorded server sends from MSNP10.
pub(super) const LIST_VERSION: &str = "2000-01-01T00:00:00.0-00:00";

impl NsSession {
    pub(in crate::server::ns) fn on_syn(&mut self, syn: SynRequest) -> Flow {
        if self.version >= 13 {
            self.error(ErrorCode(502), syn.trid);
            return Flow::Continue;
        }
        let lines = {
            let store = lock(&self.shared.store);
            sync_lines(store.directory(), &self.email, self.version, syn.trid)
        };
        self.output.extend(lines);
        Flow::Continue
    }
}

/// The SYN reply and its dump in the shape of `version` (docs/protocol.md §3.2–3.4).
pub(super) fn sync_lines(
    directory: &Directory,
    owner: &str,
    version: u8,
    trid: Trid,
) -> Vec<ServerCommand> {
    let Some(account) = directory.account(owner) else {
        return Vec::new();
    };
    let serial = directory.serial;
    let roster = directory.roster(owner);
    let stored_name = |email: &str| {
        account
            .contacts
            .get(email)
            .map(|c| c.stored_name.clone())
            .or_else(|| directory.account(email).map(|a| a.display_name.clone()))
            .unwrap_or_else(|| email.to_owned())
    };
    let ask = if account.ask_on_add {
        AddPrompt::Ask
    } else {
        AddPrompt::DoNotAsk
    };
    let mode = match account.privacy {
        Privacy::AllowOthers => PrivacyMode::AllowOthers,
        Privacy::BlockOthers => PrivacyMode::BlockOthers,
    };
    let group_numbers = |email: &str| -> GroupList {
        let ids = account
            .contacts
            .get(email)
            .map(|c| c.groups.clone())
            .unwrap_or_default();
        let numbers: Vec<GroupId> = account
            .groups
            .iter()
            .filter(|g| ids.contains(&g.id))
            .map(|g| GroupId::Number(g.number))
            .collect();
        GroupList(if numbers.is_empty() {
            [GroupId::Number(0)].into()
        } else {
            numbers.into()
        })
    };
    let mut lines = Vec::new();
    match version {
        ..=7 => {
            lines.push(ServerCommand::Syn(SynReply::Serial { trid, serial }));
            let sequence = Sequence {
                trid: Some(trid),
                serial: Some(serial),
            };
            lines.push(ServerCommand::Gtc(Gtc {
                sequence: sequence.clone(),
                setting: ask,
            }));
            lines.push(ServerCommand::Blp(Blp { sequence, mode }));
            if version >= 7 {
                let mut groups = vec![(0, "Other Contacts".to_owned())];
                groups.extend(account.groups.iter().map(|g| (g.number, g.name.clone())));
                let total = groups.len() as u32;
                for (index, (group, name)) in groups.into_iter().enumerate() {
                    lines.push(ServerCommand::Lsg(Lsg::Indexed {
                        trid,
                        serial,
                        index: index as u32 + 1,
                        total,
                        group,
                        name: UrlText::new(name),
                    }));
                }
            }
            for list in [List::Forward, List::Allow, List::Block, List::Reverse] {
                let members: Vec<&String> = roster
                    .iter()
                    .filter(|(_, bits)| bits.contains(list))
                    .map(|(e, _)| e)
                    .collect();
                let total = members.len() as u32;
                if members.is_empty() {
                    lines.push(ServerCommand::Lst(Lst::Indexed {
                        trid,
                        list,
                        serial,
                        index: 0,
                        total: 0,
                        contact: None,
                    }));
                }
                for (index, email) in members.into_iter().enumerate() {
                    let groups =
                        (version >= 7 && list == List::Forward).then(|| group_numbers(email));
                    lines.push(ServerCommand::Lst(Lst::Indexed {
                        trid,
                        list,
                        serial,
                        index: index as u32 + 1,
                        total,
                        contact: Some(IndexedContact {
                            email: Address::email(email.as_str()),
                            name: UrlText::new(stored_name(email)),
                            groups,
                        }),
                    }));
                }
            }
        }
        8..=9 => {
            lines.push(ServerCommand::Syn(SynReply::Counted {
                trid,
                serial,
                contacts: roster.len() as u32,
                groups: account.groups.len() as u32 + 1,
            }));
            lines.push(ServerCommand::Gtc(Gtc {
                sequence: Sequence::default(),
                setting: ask,
            }));
            lines.push(ServerCommand::Blp(Blp {
                sequence: Sequence::default(),
                mode,
            }));
            lines.push(ServerCommand::Lsg(Lsg::Numbered {
                group: 0,
                name: UrlText::new("Other Contacts"),
            }));
            for group in &account.groups {
                lines.push(ServerCommand::Lsg(Lsg::Numbered {
                    group: group.number,
                    name: UrlText::new(group.name.clone()),
                }));
            }
            for (email, bits) in &roster {
                lines.push(ServerCommand::Lst(Lst::Counted {
                    email: Address::email(email.as_str()),
                    name: UrlText::new(stored_name(email)),
                    lists: *bits,
                    groups: bits.contains(List::Forward).then(|| group_numbers(email)),
                }));
            }
        }
        _ => {
            lines.push(ServerCommand::Syn(SynReply::Versioned {
                trid,
                list_version: LIST_VERSION.into(),
                settings_version: LIST_VERSION.into(),
                contacts: roster.len() as u32,
                groups: account.groups.len() as u32,
            }));
            lines.push(ServerCommand::Gtc(Gtc {
                sequence: Sequence::default(),
                setting: ask,
            }));
            lines.push(ServerCommand::Blp(Blp {
                sequence: Sequence::default(),
                mode,
            }));
            lines.push(ServerCommand::Prp(Prp {
                sequence: Sequence::default(),
                key: "MFN".into(),
                value: Some(UrlText::new(account.display_name.clone())),
            }));
            for group in &account.groups {
                lines.push(ServerCommand::Lsg(Lsg::Guid {
                    name: UrlText::new(group.name.clone()),
                    guid: group.id.as_str().into(),
                }));
            }
            for (email, bits) in &roster {
                let entry = account.contacts.get(email);
                let on_forward = bits.contains(List::Forward);
                let groups = entry
                    .map(|c| GroupList(c.groups.iter().map(|g| GroupId::Guid(g.into())).collect()));
                lines.push(ServerCommand::Lst(Lst::Tagged {
                    email: Address::email(email.as_str()),
                    name: Some(UrlText::new(stored_name(email))),
                    contact_guid: entry.filter(|_| on_forward).map(|c| c.id.as_str().into()),
                    lists: *bits,
                    network: (version >= 12).then_some(1),
                    groups: if version >= 12 {
                        Some(groups.unwrap_or_default())
                    } else {
                        groups.filter(|g| !g.0.is_empty())
                    },
                }));
            }
        }
    }
    lines
}

//! The HTTP services over a real loopback socket: Passport nexus and login, RST sign-in,
//! and the address-book and sharing SOAP services, with a minimal HTTP/1.1 client.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use msntui::protocol::List;
use msntui::protocol::auth::{mbi_response, verify_mbi_response};
use msntui::protocol::command::ServerAddress;
use msntui::server::directory::{Store, default_directory};
use msntui::server::http::{Element, serve};
use msntui::server::hub::Hub;
use msntui::server::tokens::Tokens;
use msntui::server::{ServerOptions, Shared, lock};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;
use tokio::task::JoinHandle;

const AB: &str = "http://www.msn.com/webservices/AddressBook";
const NONCE: &str = "kyjsjK8RCYd9lYLdF9y+exl6/CNeW+rpNgA3jqi/u8WpKqSpr8nbJeS4KG1SJSo4";

struct Server {
    addr: SocketAddr,
    shared: Arc<Shared>,
    stop: watch::Sender<bool>,
    task: JoinHandle<()>,
}

async fn start() -> Server {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("address");
    let shared = Arc::new(Shared {
        store: Mutex::new(Store::in_memory(default_directory())),
        tokens: Mutex::new(Tokens::default()),
        hub: Mutex::new(Hub::default()),
        switchboard: ServerAddress::new("127.0.0.1", 1864),
        http_base: format!("http://{addr}"),
        options: ServerOptions::loopback(),
    });
    let (stop, watcher) = watch::channel(false);
    let switchboards = Arc::new(msntui::server::sb::Registry::default());
    let task = tokio::spawn(serve(listener, Arc::clone(&shared), switchboards, watcher));
    Server {
        addr,
        shared,
        stop,
        task,
    }
}

#[derive(Debug)]
struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

impl Reply {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }

    fn xml(&self) -> Element {
        Element::parse(self.body.as_bytes()).expect("well-formed XML answer")
    }
}

/// Sends one request on a fresh connection and reads the whole answer.
async fn send(addr: SocketAddr, head: &str, body: &[u8]) -> Reply {
    let mut stream = TcpStream::connect(addr).await.expect("connect");
    stream.write_all(head.as_bytes()).await.expect("write head");
    stream.write_all(body).await.expect("write body");
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).await.expect("read");
    let text = String::from_utf8(raw).expect("UTF-8 answer");
    let (head, body) = text.split_once("\r\n\r\n").expect("head and body");
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .and_then(|line| line.split(' ').nth(1))
        .and_then(|code| code.parse().ok())
        .expect("status line");
    let headers: Vec<(String, String)> = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(key, value)| (key.trim().to_owned(), value.trim().to_owned()))
        .collect();
    let reply = Reply {
        status,
        headers,
        body: body.to_owned(),
    };
    assert_eq!(
        reply.header("transfer-encoding"),
        None,
        "client reads plain bodies only"
    );
    reply
}

async fn get(addr: SocketAddr, path: &str, extra: &[(&str, &str)]) -> Reply {
    let extra: String = extra.iter().map(|(k, v)| format!("{k}: {v}\r\n")).collect();
    let head = format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n{extra}\r\n");
    send(addr, &head, b"").await
}

async fn post(addr: SocketAddr, path: &str, extra: &[(&str, &str)], body: &str) -> Reply {
    let extra: String = extra.iter().map(|(k, v)| format!("{k}: {v}\r\n")).collect();
    let head = format!(
        "POST {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Type: text/xml; charset=utf-8\r\nContent-Length: {}\r\n{extra}\r\n",
        body.len()
    );
    send(addr, &head, body.as_bytes()).await
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;")
}

fn rst_body(email: &str, password: &str) -> String {
    let services = [
        ("http://Passport.NET/tb", None),
        ("messengerclear.live.com", Some("MBI_KEY_OLD")),
        ("messenger.msn.com", Some("?id=507")),
        ("contacts.msn.com", Some("MBI")),
        ("messengersecure.live.com", Some("MBI_SSL")),
    ];
    let tokens: String = services
        .iter()
        .enumerate()
        .map(|(index, (address, policy))| {
            let policy = policy
                .map(|uri| format!("<wsse:PolicyReference URI=\"{}\"></wsse:PolicyReference>", escape(uri)))
                .unwrap_or_default();
            format!(
                "<wst:RequestSecurityToken Id=\"RST{index}\"><wst:RequestType>http://schemas.xmlsoap.org/ws/2004/04/security/trust/Issue</wst:RequestType><wsp:AppliesTo><wsa:EndpointReference><wsa:Address>{address}</wsa:Address></wsa:EndpointReference></wsp:AppliesTo>{policy}</wst:RequestSecurityToken>"
            )
        })
        .collect();
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<Envelope xmlns="http://schemas.xmlsoap.org/soap/envelope/" xmlns:wsse="http://schemas.xmlsoap.org/ws/2003/06/secext" xmlns:wsp="http://schemas.xmlsoap.org/ws/2002/12/policy" xmlns:wsa="http://schemas.xmlsoap.org/ws/2004/03/addressing" xmlns:wst="http://schemas.xmlsoap.org/ws/2004/04/trust">
<Header><wsse:Security><wsse:UsernameToken Id="user"><wsse:Username>{}</wsse:Username><wsse:Password>{}</wsse:Password></wsse:UsernameToken></wsse:Security></Header>
<Body><ps:RequestMultipleSecurityTokens xmlns:ps="http://schemas.microsoft.com/Passport/SoapServices/PPCRL" Id="RSTS">{tokens}</ps:RequestMultipleSecurityTokens></Body>
</Envelope>"#,
        escape(email),
        escape(password)
    )
}

/// Signs in over RST and returns the compact ticket for `address`.
async fn sso_ticket(server: &Server, email: &str, password: &str, address: &str) -> String {
    let reply = post(server.addr, "/RST.srf", &[], &rst_body(email, password)).await;
    assert_eq!(reply.status, 200);
    reply
        .xml()
        .find_all("RequestSecurityTokenResponse")
        .into_iter()
        .find(|response| response.find_text("Address") == Some(address))
        .and_then(|response| response.find_text("BinarySecurityToken").map(str::to_owned))
        .expect("ticket for the address")
}

fn soap_body(ticket: &str, action: &str, inner: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema"><soap:Header><ABApplicationHeader xmlns="{AB}"><ApplicationId>CFE80F9D-180F-4399-82AB-413F33A1FA11</ApplicationId><IsMigration>false</IsMigration><PartnerScenario>Initial</PartnerScenario></ABApplicationHeader><ABAuthHeader xmlns="{AB}"><ManagedGroupRequest>false</ManagedGroupRequest><TicketToken>{}</TicketToken></ABAuthHeader></soap:Header><soap:Body><{action} xmlns="{AB}">{inner}</{action}></soap:Body></soap:Envelope>"#,
        escape(ticket)
    )
}

async fn soap(server: &Server, ticket: &str, action: &str, inner: &str) -> Reply {
    let path = match action {
        "FindMembership" | "AddMember" | "DeleteMember" => "/abservice/SharingService.asmx",
        _ => "/abservice/abservice.asmx",
    };
    let soap_action = format!("\"{AB}/{action}\"");
    post(
        server.addr,
        path,
        &[("SOAPAction", &soap_action)],
        &soap_body(ticket, action, inner),
    )
    .await
}

const FIND_MEMBERSHIP: &str =
    "<serviceFilter><Types><ServiceType>Messenger</ServiceType></Types></serviceFilter>";
const FIND_ALL: &str = "<abId>00000000-0000-0000-0000-000000000000</abId><abView>Full</abView><deltasOnly>false</deltasOnly><lastChange>0001-01-01T00:00:00.0000000-08:00</lastChange>";

/// Role → passport names, from a `FindMembership` answer.
fn memberships(reply: &Reply) -> Vec<(String, Vec<String>)> {
    assert_eq!(reply.status, 200, "{}", reply.body);
    reply
        .xml()
        .find_all("Membership")
        .into_iter()
        .map(|membership| {
            let role = membership
                .find_text("MemberRole")
                .unwrap_or_default()
                .to_owned();
            let names = membership
                .find_all("PassportName")
                .into_iter()
                .map(|name| name.trimmed().to_owned())
                .collect();
            (role, names)
        })
        .collect()
}

fn members_of(reply: &Reply, role: &str) -> Vec<String> {
    memberships(reply)
        .into_iter()
        .find(|(name, _)| name == role)
        .map(|(_, names)| names)
        .expect("role listed")
}

/// (contactType, passportName, displayName) of every contact of an address-book answer.
fn contacts(reply: &Reply) -> Vec<(String, String, String)> {
    assert_eq!(reply.status, 200, "{}", reply.body);
    reply
        .xml()
        .find_all("Contact")
        .into_iter()
        .map(|contact| {
            let field = |name| contact.find_text(name).unwrap_or_default().to_owned();
            (
                field("contactType"),
                field("passportName"),
                field("displayName"),
            )
        })
        .collect()
}

fn fault_code(reply: &Reply) -> String {
    reply
        .xml()
        .find_text("errorcode")
        .unwrap_or_default()
        .to_owned()
}

#[tokio::test]
async fn nexus_names_the_login_server() {
    let server = start().await;
    for path in ["/rdr/pprdr.asp", "/nexus-mock"] {
        let reply = get(server.addr, path, &[]).await;
        assert_eq!(reply.status, 200);
        let expected = format!("DALogin=http://{}/login", server.addr);
        assert_eq!(reply.header("PassportURLs"), Some(expected.as_str()));
    }
}

#[tokio::test]
async fn twn_login_issues_a_ticket_the_ns_accepts() {
    let server = start().await;
    let authorization = "Passport1.4 OrgVerb=GET,OrgURL=http%3A%2F%2Fmessenger%2Emsn%2Ecom,sign-in=alice%40example.com,pwd=alicepass1,ct=1,rver=1,wp=FS_40SEC_0_COMPACT,lc=1,id=1";
    let reply = get(server.addr, "/login", &[("Authorization", authorization)]).await;
    assert_eq!(reply.status, 200);
    let info = reply.header("Authentication-Info").expect("header");
    let ticket = info
        .strip_prefix("Passport1.4 da-status=success,from-PP='")
        .and_then(|rest| rest.strip_suffix('\''))
        .expect("recorded shape");
    assert_eq!(ticket.len(), 20);
    assert_eq!(
        lock(&server.shared.tokens).check_twn(ticket).as_deref(),
        Some("alice@example.com")
    );
}

#[tokio::test]
async fn twn_login_with_a_wrong_password_is_refused() {
    let server = start().await;
    let authorization =
        "Passport1.4 OrgVerb=GET,sign-in=alice%40example.com,pwd=wrong-alicepass1,ct=1";
    for headers in [vec![("Authorization", authorization)], vec![]] {
        let reply = get(server.addr, "/login", &headers).await;
        assert_eq!(reply.status, 401);
        assert_eq!(
            reply.header("WWW-Authenticate"),
            Some("Passport1.4 da-status=failed")
        );
    }
}

#[tokio::test]
async fn rst_issues_tickets_and_the_mbi_secret() {
    let server = start().await;
    for path in ["/RST.srf", "/RST2.srf"] {
        let reply = post(
            server.addr,
            path,
            &[],
            &rst_body("alice@example.com", "alicepass1"),
        )
        .await;
        assert_eq!(reply.status, 200, "{}", reply.body);
        let root = reply.xml();
        let responses = root.find_all("RequestSecurityTokenResponse");
        let addresses: Vec<_> = responses
            .iter()
            .map(|response| response.find_text("Address").unwrap_or_default())
            .collect();
        assert_eq!(
            addresses,
            [
                "http://Passport.NET/tb",
                "messengerclear.live.com",
                "messenger.msn.com",
                "contacts.msn.com",
                "messengersecure.live.com"
            ]
        );
        let with_secret: Vec<_> = responses
            .iter()
            .filter(|response| response.find("BinarySecret").is_some())
            .map(|response| response.find_text("Address").unwrap_or_default())
            .collect();
        assert_eq!(
            with_secret,
            ["http://Passport.NET/tb", "messengerclear.live.com"]
        );
        let clear = responses[1];
        let ticket = clear.find_text("BinarySecurityToken").expect("ticket");
        assert!(ticket.starts_with("t=") && ticket.ends_with("&p="));
        assert_eq!(
            clear
                .find("BinarySecurityToken")
                .and_then(|t| t.attribute("Id")),
            Some("Compact2")
        );
        let secret = clear.find_text("BinarySecret").expect("secret");
        let grant = lock(&server.shared.tokens)
            .check_sso(ticket)
            .expect("ticket accepted");
        assert_eq!(grant.email, "alice@example.com");
        assert_eq!(grant.secret, secret);
        let blob = mbi_response(secret, NONCE, [7; 8]).expect("MBI blob");
        verify_mbi_response(&grant.secret, NONCE, &blob).expect("MBI verifies");
        let keys: Vec<_> = responses[1..]
            .iter()
            .map(|response| {
                response
                    .find_text("BinarySecurityToken")
                    .unwrap_or_default()[..22]
                    .to_owned()
            })
            .collect();
        assert!(
            keys.iter().all(|key| *key == keys[0]),
            "one key for every service"
        );
    }
}

#[tokio::test]
async fn rst_with_a_wrong_password_is_a_failed_authentication_fault() {
    let server = start().await;
    let reply = post(
        server.addr,
        "/RST.srf",
        &[],
        &rst_body("alice@example.com", "wrong-alicepass1"),
    )
    .await;
    assert_eq!(reply.status, 200);
    assert_eq!(
        reply.xml().find_text("faultcode"),
        Some("wsse:FailedAuthentication")
    );
    assert_eq!(reply.xml().find_text("reqstatus"), Some("0x80048823"));
}

#[tokio::test]
async fn alice_sees_bob_in_her_lists_and_address_book() {
    let server = start().await;
    let ticket = sso_ticket(
        &server,
        "alice@example.com",
        "alicepass1",
        "contacts.msn.com",
    )
    .await;
    let reply = soap(&server, &ticket, "FindMembership", FIND_MEMBERSHIP).await;
    assert_eq!(
        memberships(&reply),
        [
            ("Allow".to_owned(), vec!["bob@example.com".to_owned()]),
            ("Block".to_owned(), vec![]),
            ("Reverse".to_owned(), vec!["bob@example.com".to_owned()]),
            ("Pending".to_owned(), vec![]),
        ]
    );
    for action in ["ABFindAll", "ABFindContactsPaged"] {
        let reply = soap(&server, &ticket, action, FIND_ALL).await;
        assert_eq!(
            contacts(&reply),
            [
                (
                    "Regular".into(),
                    "bob@example.com".into(),
                    "bob@example.com".into()
                ),
                ("Me".into(), "alice@example.com".into(), "Alice Test".into()),
            ],
            "{action}"
        );
        assert_eq!(
            reply.xml().find_text("ownerEmail"),
            Some("alice@example.com")
        );
    }
}

#[tokio::test]
async fn msnp13_clients_use_their_twn_ticket() {
    let server = start().await;
    let ticket = lock(&server.shared.tokens).issue_twn("alice@example.com");
    let reply = soap(&server, &ticket, "FindMembership", FIND_MEMBERSHIP).await;
    assert_eq!(members_of(&reply, "Allow"), ["bob@example.com"]);
}

#[tokio::test]
async fn an_mspauth_cookie_authenticates_too() {
    let server = start().await;
    let ticket = sso_ticket(
        &server,
        "alice@example.com",
        "alicepass1",
        "contacts.msn.com",
    )
    .await;
    let body =
        soap_body("", "FindMembership", FIND_MEMBERSHIP).replace("<TicketToken></TicketToken>", "");
    let cookie = format!("MSPAuth={ticket}");
    let reply = post(
        server.addr,
        "/abservice/SharingService.asmx",
        &[("Cookie", &cookie)],
        &body,
    )
    .await;
    assert_eq!(members_of(&reply, "Allow"), ["bob@example.com"]);
}

#[tokio::test]
async fn added_contacts_show_up_everywhere() {
    let server = start().await;
    let ticket = sso_ticket(
        &server,
        "alice@example.com",
        "alicepass1",
        "contacts.msn.com",
    )
    .await;
    let add = "<abId>00000000-0000-0000-0000-000000000000</abId><contacts><Contact><contactInfo><contactType>LivePending</contactType><passportName>Carol@Example.com</passportName><isMessengerUser>true</isMessengerUser></contactInfo></Contact></contacts><options><EnableAllowListManagement>true</EnableAllowListManagement></options>";
    let reply = soap(&server, &ticket, "ABContactAdd", add).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    let guid = reply.xml().find_text("guid").expect("guid").to_owned();
    let member = "<serviceHandle><Id>0</Id><Type>Messenger</Type><ForeignId></ForeignId></serviceHandle><memberships><Membership><MemberRole>Allow</MemberRole><Members><Member xsi:type=\"PassportMember\"><Type>Passport</Type><State>Accepted</State><PassportName>carol@example.com</PassportName></Member></Members></Membership></memberships>";
    let reply = soap(&server, &ticket, "AddMember", member).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert!(reply.xml().find("AddMemberResponse").is_some());

    let reply = soap(&server, &ticket, "FindMembership", FIND_MEMBERSHIP).await;
    assert_eq!(
        members_of(&reply, "Allow"),
        ["bob@example.com", "carol@example.com"]
    );
    let reply = soap(&server, &ticket, "ABFindAll", FIND_ALL).await;
    let root = reply.xml();
    let carol = root
        .find_all("Contact")
        .into_iter()
        .find(|contact| contact.find_text("passportName") == Some("carol@example.com"))
        .expect("carol listed");
    assert_eq!(carol.find_text("contactId"), Some(guid.as_str()));
    {
        let store = lock(&server.shared.store);
        let bits = store
            .directory()
            .lists_of("alice@example.com", "carol@example.com");
        assert!(bits.contains(List::Forward) && bits.contains(List::Allow));
    }
    let carol_ticket = sso_ticket(
        &server,
        "carol@example.com",
        "carolpass1",
        "contacts.msn.com",
    )
    .await;
    let reply = soap(&server, &carol_ticket, "FindMembership", FIND_MEMBERSHIP).await;
    assert_eq!(members_of(&reply, "Reverse"), ["alice@example.com"]);

    let reply = soap(&server, &ticket, "ABContactAdd", add).await;
    assert_eq!(reply.status, 500);
    assert_eq!(fault_code(&reply), "ContactAlreadyExists");
    let stranger = add.replace("Carol@Example.com", "nobody@example.com");
    let reply = soap(&server, &ticket, "ABContactAdd", &stranger).await;
    assert_eq!(fault_code(&reply), "InvalidPassportUser");

    let block = member.replace("Allow", "Block");
    let reply = soap(&server, &ticket, "AddMember", &block).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    let reply = soap(&server, &ticket, "FindMembership", FIND_MEMBERSHIP).await;
    assert_eq!(members_of(&reply, "Block"), ["carol@example.com"]);
    assert_eq!(members_of(&reply, "Allow"), ["bob@example.com"]);
    let reply = soap(&server, &ticket, "DeleteMember", &block).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    let reply = soap(&server, &ticket, "DeleteMember", &block).await;
    assert_eq!(fault_code(&reply), "MemberDoesNotExist");

    let delete = format!(
        "<abId>00000000-0000-0000-0000-000000000000</abId><contacts><Contact><contactId>{guid}</contactId></Contact></contacts>"
    );
    let reply = soap(&server, &ticket, "ABContactDelete", &delete).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    let reply = soap(&server, &ticket, "ABContactDelete", &delete).await;
    assert_eq!(fault_code(&reply), "ContactDoesNotExist");
}

#[tokio::test]
async fn groups_can_be_added_renamed_filled_and_deleted() {
    let server = start().await;
    let ticket = sso_ticket(
        &server,
        "alice@example.com",
        "alicepass1",
        "contacts.msn.com",
    )
    .await;
    let zero = "<abId>00000000-0000-0000-0000-000000000000</abId>";
    let add = format!(
        "{zero}<groupAddOptions><fRenameOnMsgrConflict>false</fRenameOnMsgrConflict></groupAddOptions><groupInfo><GroupInfo><name>Work &amp; &lt;Play&gt;</name><groupType>C8529CE2-6EAD-434d-881F-341E17DB3FF8</groupType><fMessenger>false</fMessenger></GroupInfo></groupInfo>"
    );
    let reply = soap(&server, &ticket, "ABGroupAdd", &add).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    let group = reply.xml().find_text("guid").expect("guid").to_owned();
    let reply = soap(&server, &ticket, "ABGroupAdd", &add).await;
    assert_eq!(fault_code(&reply), "GroupAlreadyExists");

    let group_names = |reply: &Reply| -> Vec<String> {
        reply
            .xml()
            .find_all("Group")
            .into_iter()
            .map(|group| group.find_text("name").unwrap_or_default().to_owned())
            .collect()
    };
    let reply = soap(
        &server,
        &ticket,
        "ABFindContactsPaged",
        "<abView>MessengerClient8</abView>",
    )
    .await;
    assert_eq!(group_names(&reply), ["Work & <Play>"]);

    let rename = format!(
        "{zero}<groups><Group><groupId>{group}</groupId><groupInfo><name>Office</name></groupInfo><propertiesChanged>GroupName</propertiesChanged></Group></groups>"
    );
    let reply = soap(&server, &ticket, "ABGroupUpdate", &rename).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    let reply = soap(&server, &ticket, "ABFindAll", FIND_ALL).await;
    assert_eq!(group_names(&reply), ["Office"]);

    let bob_id = {
        let store = lock(&server.shared.store);
        let account = store
            .directory()
            .account("alice@example.com")
            .expect("alice");
        account.contacts["bob@example.com"].id.clone()
    };
    let membership = format!(
        "{zero}<groupFilter><groupIds><guid>{group}</guid></groupIds></groupFilter><contacts><Contact><contactId>{bob_id}</contactId></Contact></contacts>"
    );
    let reply = soap(&server, &ticket, "ABGroupContactAdd", &membership).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_eq!(reply.xml().find_text("guid"), Some(bob_id.as_str()));
    let reply = soap(&server, &ticket, "ABFindAll", FIND_ALL).await;
    let root = reply.xml();
    let bob = root
        .find_all("Contact")
        .into_iter()
        .find(|contact| contact.find_text("passportName") == Some("bob@example.com"))
        .expect("bob listed");
    assert_eq!(
        bob.path(&["contactInfo", "groupIds", "guid"])
            .map(Element::trimmed),
        Some(group.as_str())
    );
    let reply = soap(&server, &ticket, "ABGroupContactDelete", &membership).await;
    assert_eq!(reply.status, 200, "{}", reply.body);

    let delete =
        format!("{zero}<groupFilter><groupIds><guid>{group}</guid></groupIds></groupFilter>");
    let reply = soap(&server, &ticket, "ABGroupDelete", &delete).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    let reply = soap(&server, &ticket, "ABFindAll", FIND_ALL).await;
    assert!(group_names(&reply).is_empty());
    let reply = soap(&server, &ticket, "ABGroupDelete", &delete).await;
    assert_eq!(reply.status, 500);
}

#[tokio::test]
async fn the_me_contact_sets_the_display_name() {
    let server = start().await;
    let ticket = sso_ticket(
        &server,
        "alice@example.com",
        "alicepass1",
        "contacts.msn.com",
    )
    .await;
    let update = "<abId>00000000-0000-0000-0000-000000000000</abId><contacts><Contact><contactInfo><contactType>Me</contactType><displayName>Alice &lt;3</displayName></contactInfo><propertiesChanged>DisplayName</propertiesChanged></Contact></contacts>";
    let reply = soap(&server, &ticket, "ABContactUpdate", update).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    let name = lock(&server.shared.store)
        .directory()
        .account("alice@example.com")
        .map(|account| account.display_name.clone());
    assert_eq!(name.as_deref(), Some("Alice <3"));
    let reply = soap(&server, &ticket, "ABFindAll", FIND_ALL).await;
    assert!(contacts(&reply).contains(&(
        "Me".into(),
        "alice@example.com".into(),
        "Alice <3".into()
    )));
}

#[tokio::test]
async fn bad_requests_get_faults_not_crashes() {
    let server = start().await;
    let ticket = sso_ticket(
        &server,
        "alice@example.com",
        "alicepass1",
        "contacts.msn.com",
    )
    .await;

    let reply = post(
        server.addr,
        "/abservice/abservice.asmx",
        &[],
        "<soap:Envelope><unclosed",
    )
    .await;
    assert_eq!(reply.status, 500);
    assert!(reply.xml().find("Fault").is_some());
    let reply = post(server.addr, "/RST.srf", &[], "\u{0}garbage").await;
    assert_eq!(reply.status, 500);
    assert!(reply.xml().find("Fault").is_some());

    let reply = soap(
        &server,
        "t=BADBADBADBADBADBADBA&p=",
        "FindMembership",
        FIND_MEMBERSHIP,
    )
    .await;
    assert_eq!(reply.status, 500);
    assert_eq!(fault_code(&reply), "PassportAuthFail");

    let deltas = FIND_ALL.replace("<deltasOnly>false", "<deltasOnly>true");
    let reply = soap(&server, &ticket, "ABFindAll", &deltas).await;
    assert_eq!(fault_code(&reply), "FullSyncRequired");

    let other_book = FIND_ALL.replace(
        "00000000-0000-0000-0000-000000000000",
        "11111111-0000-0000-0000-000000000000",
    );
    let reply = soap(&server, &ticket, "ABFindAll", &other_book).await;
    assert_eq!(reply.status, 500);

    let reply = soap(&server, &ticket, "ABNoSuchThing", "").await;
    assert_eq!(reply.status, 500);
    assert!(reply.xml().find("Fault").is_some());

    let reply = get(server.addr, "/no/such/page", &[]).await;
    assert_eq!(reply.status, 404);
    let head = format!(
        "POST /RST.srf HTTP/1.1\r\nHost: {}\r\nConnection: close\r\nContent-Length: {}\r\n\r\n",
        server.addr,
        2 << 20
    );
    let reply = send(server.addr, &head, b"").await;
    assert_eq!(reply.status, 413);

    let reply = soap(&server, &ticket, "FindMembership", FIND_MEMBERSHIP).await;
    assert_eq!(reply.status, 200, "still serving");
}

#[tokio::test]
async fn the_service_stops_on_shutdown() {
    let server = start().await;
    server.stop.send(true).expect("server listening");
    tokio::time::timeout(std::time::Duration::from_secs(5), server.task)
        .await
        .expect("stops in time")
        .expect("no panic");
    assert!(TcpStream::connect(server.addr).await.is_err());
}

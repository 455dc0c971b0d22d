/// The built-in till page served at `/`: a scan field, the cart, cash and card payment and the
/// receipt preview, in plain HTML and JavaScript (no build step, nothing fetched from outside). In a
/// shop with tables it also shows the tables, coloured by status: a table opens (or shows) its tab,
/// whose guests are set and whose lines are added by code, sent to the kitchen, billed before payment and
/// paid. A line the kitchen has is voided by a signed-in operator with a reason; when the operator's role
/// lacks `void-line` the page asks for a supervisor's ID and PIN, and lists every refusal with its reason.
///
/// The page holds no secret: it takes the API token from the URL fragment (`/#token=…`, which
/// browsers never send to the server; the daemon prints such a URL) or from its login form, keeps
/// it in `sessionStorage` and sends it as a bearer token. `?demo-scan=CODE,CODE&demo-pay=cash|card`
/// rings a sale by itself (the headless browser test and kiosk smoke tests use it);
/// `?demo-table=T1&demo-tab-guests=N&demo-tab-add=CODE,CODE&demo-tab-kitchen=1&demo-tab-bill=1&demo-tab-pay=cash|card`
/// serves a table the same way, and `demo-operator=ID&demo-operator-pin=PIN&demo-tab-void=SKU&demo-void-reason=TEXT`
/// `&demo-supervisor=ID&demo-supervisor-pin=PIN,PIN` voids the sent line of that SKU after sending (each
/// supervisor PIN tried in turn while the void is refused).
enum TillPage {
    static let html = #"""
    <!doctype html>
    <html lang="en">
    <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>B9 till</title>
    <style>
    body { font-family: system-ui, sans-serif; margin: 1rem; max-width: 56rem; }
    table { border-collapse: collapse; width: 100%; }
    td, th { border-bottom: 1px solid #ccc; padding: .3rem; text-align: left; }
    td.n, th.n { text-align: right; }
    #scan { font-size: 1.4rem; width: 20rem; }
    button { font-size: 1.1rem; margin: .3rem .3rem .3rem 0; }
    #total { font-size: 1.6rem; font-weight: bold; }
    #error { color: #b00; min-height: 1.2rem; }
    #receipt, #bill { background: #f6f6f6; padding: .5rem; }
    .hidden { display: none; }
    #tablelist { display: flex; flex-wrap: wrap; gap: .4rem; }
    .table { min-width: 6rem; padding: .5rem; border: 0; border-radius: .3rem; color: #fff; font-size: 1.1rem; }
    .table[data-status="free"] { background: #2a2; }
    .table[data-status="occupied"] { background: #d80; }
    .table[data-status="bill-printed"] { background: #27c; }
    .table[data-status="needs-cleaning"] { background: #888; }
    .table.selected { outline: .25rem solid #000; }
    #voidform { border: 2px solid #b00; padding: .5rem; margin: .5rem 0; }
    #voidrefusals { color: #b00; }
    #guests { width: 4rem; }
    </style>
    </head>
    <body data-state="starting">
    <h1>B9 till</h1>
    <form id="login" class="hidden">
      <label>API token <input id="token" type="password" autocomplete="off"></label>
      <button type="submit">Use</button>
    </form>
    <main id="till" class="hidden">
      <form id="scanform"><input id="scan" placeholder="Scan or type a barcode or SKU" autocomplete="off" autofocus> <button type="submit">Add</button></form>
      <p id="error" role="alert"></p>
      <table><thead><tr><th>Item</th><th class="n">Qty</th><th class="n">Price</th><th class="n">Amount</th><th></th></tr></thead><tbody id="lines"></tbody></table>
      <p>Total <span id="total">0.00</span> <span id="currency"></span> (cash <span id="cashdue">0.00</span>)</p>
      <button id="paycash" type="button">Pay cash</button> <button id="paycard" type="button">Pay card</button>
      <p id="devices"></p>
      <h2>Receipt</h2>
      <pre id="receipt"></pre>
      <section id="tables" class="hidden">
        <h2>Tables</h2>
        <div id="tablelist"></div>
        <div id="tab" class="hidden">
          <h3>Table <span id="tabtable"></span> <small id="tabinfo"></small></h3>
          <form id="guestsform"><label>Guests <input id="guests" type="number" min="1" max="99" step="1" required></label> <button type="submit">Set guests</button></form>
          <form id="operatorform"><label>Operator <input id="operatorid" autocomplete="off" size="10"></label> <label>PIN <input id="operatorpin" type="password" autocomplete="off" size="6"></label> <button type="submit">Sign in</button> <span id="operator"></span></form>
          <form id="tabform"><input id="tabcode" placeholder="Scan or type a code for the table" autocomplete="off"> <button type="submit">Add</button></form>
          <table><thead><tr><th>Item</th><th class="n">Qty</th><th class="n">Amount</th><th>Kitchen</th><th></th></tr></thead><tbody id="tablines"></tbody></table>
          <form id="voidform" class="hidden">
            <h4>Void <span id="voiditem"></span>: the kitchen has it</h4>
            <label>Reason <input id="voidreason" autocomplete="off"></label>
            <p id="approval" class="hidden">A supervisor approves this void:
              <label>Supervisor <input id="supervisorid" autocomplete="off" size="10"></label> <label>PIN <input id="supervisorpin" type="password" autocomplete="off" size="6"></label></p>
            <ol id="voidrefusals"></ol>
            <button type="submit">Void</button> <button id="voidcancel" type="button">Cancel</button>
          </form>
          <p>Bill <span id="tabtotal">0.00</span></p>
          <button id="tabkitchen" type="button">Send to kitchen</button> <button id="tabbill" type="button">Print bill</button>
          <button id="tabcash" type="button">Pay cash</button> <button id="tabcard" type="button">Pay card</button>
          <pre id="bill"></pre>
        </div>
      </section>
    </main>
    <script>
    "use strict";
    const $ = (id) => document.getElementById(id);
    let token = null;
    let cart = null;

    \#(LocalAPIPageScript.tokenAndFetch)

    function show(view) {
      cart = view;
      const body = $("lines");
      body.replaceChildren();
      for (const line of view.lines) {
        const row = document.createElement("tr");
        for (const [text, numeric] of [[line.name, false], [line.quantity + " " + line.unit, true], [line.unitPrice, true], [line.net, true]]) {
          const cell = document.createElement("td");
          cell.textContent = text;
          if (numeric) cell.className = "n";
          row.appendChild(cell);
        }
        const remove = document.createElement("button");
        remove.type = "button";
        remove.textContent = "Remove";
        remove.onclick = () => run(async () => show(await api("DELETE", "/carts/" + cart.id + "/lines/" + line.id)));
        const cell = document.createElement("td");
        cell.appendChild(remove);
        row.appendChild(cell);
        body.appendChild(row);
      }
      $("total").textContent = view.total;
      $("cashdue").textContent = view.cashDue;
      $("currency").textContent = view.currency;
    }

    async function run(action) {
      $("error").textContent = "";
      try { await action(); } catch (error) { $("error").textContent = error.message; document.body.dataset.state = "error"; }
    }

    async function add(code) {
      show(await api("POST", "/carts/" + cart.id + "/lines", { code }));
    }

    async function pay(kind) {
      if (!cart || cart.lines.length === 0) throw new Error("The cart is empty: scan something first.");
      const amount = kind === "cash" ? cart.cashDue : cart.total;
      const result = await api("POST", "/carts/" + cart.id + "/checkout", { tenders: [{ tender: kind, amount }] });
      $("receipt").textContent = await api("GET", "/sales/" + result.sale.id + "/receipt");
      $("receipt").dataset.saleId = result.sale.id;
      show(await api("POST", "/carts"));
      return result;
    }

    let tab = null;

    async function tables() {
      let answer;
      try { answer = await api("GET", "/tables"); } catch (error) { return; } // a shop without tables
      $("tables").classList.remove("hidden");
      const list = $("tablelist");
      list.replaceChildren();
      for (const table of answer.tables) {
        const button = document.createElement("button");
        button.type = "button";
        button.className = "table" + (tab && tab.table === table.id ? " selected" : "");
        button.dataset.tableId = table.id;
        button.dataset.status = table.status;
        button.textContent = table.name + " · " + table.status + (table.covers ? " · " + table.covers + " guests" : "");
        if (table.covers) button.dataset.covers = table.covers;
        button.onclick = () => run(() => openTable(table));
        list.appendChild(button);
      }
      return answer.tables;
    }

    async function openTable(table) {
      if (table.status === "needs-cleaning") {
        await api("POST", "/tables/" + table.id + "/clean");
        await tables();
        return;
      }
      showTab(table.tabID ? await api("GET", "/tabs/" + table.tabID) : await api("POST", "/tables/" + table.id + "/tab", { covers: 1 }));
      await tables();
    }

    function showTab(view) {
      tab = view;
      $("tab").classList.toggle("hidden", !view);
      if (!view) return;
      $("tabtable").textContent = view.table;
      $("tabinfo").textContent = view.covers + " guests" + (view.waiter ? " · " + view.waiter : "") + (view.billsPrinted ? " · bill printed ×" + view.billsPrinted : "");
      $("tabinfo").dataset.covers = view.covers;
      $("guests").value = view.covers;
      const kitchen = new Map(view.kitchen.map((line) => [line.line, line]));
      const body = $("tablines");
      body.replaceChildren();
      for (const line of view.bill.lines) {
        const row = document.createElement("tr");
        const sent = kitchen.get(line.id);
        for (const [text, numeric] of [[line.name, false], [line.quantity, true], [line.net, true], [sent ? (sent.kitchenOrderID ? "sent" : "not sent") : "", false]]) {
          const cell = document.createElement("td");
          cell.textContent = text;
          if (numeric) cell.className = "n";
          row.appendChild(cell);
        }
        const cell = document.createElement("td");
        if (sent && !sent.kitchenOrderID) {
          const remove = document.createElement("button");
          remove.type = "button";
          remove.textContent = "Remove";
          remove.onclick = () => run(async () => { showTab(await api("POST", "/tabs/" + tab.id + "/lines/" + line.id + "/void", {})); await tables(); });
          cell.appendChild(remove);
        } else if (sent) {
          const voidButton = document.createElement("button");
          voidButton.type = "button";
          voidButton.textContent = "Void";
          voidButton.dataset.voidLine = line.id;
          voidButton.onclick = () => startVoid(line);
          cell.appendChild(voidButton);
        }
        row.appendChild(cell);
        body.appendChild(row);
      }
      $("tabtotal").textContent = view.bill.total + " " + view.bill.currency;
    }

    function requireTab() {
      if (!tab) throw new Error("Choose a table first.");
      return tab;
    }

    async function setGuests(covers) {
      showTab(await api("PUT", "/tabs/" + requireTab().id + "/guests", { covers }));
      await tables();
    }

    let operator = null;

    async function signIn(id, pin) {
      operator = null;
      $("operator").textContent = "";
      operator = await api("POST", "/operators/sign-in", { operator: id, pin });
      $("operator").textContent = "Signed in: " + operator.operator + " (" + operator.role + ")";
      $("operator").dataset.operator = operator.operator;
    }

    // The sent line being voided.
    let voiding = null;

    function startVoid(line) {
      voiding = line;
      $("voiditem").textContent = line.name;
      $("voidform").dataset.line = line.id;
      for (const id of ["voidreason", "supervisorid", "supervisorpin"]) $(id).value = "";
      $("approval").classList.add("hidden");
      $("voidrefusals").replaceChildren();
      $("voidform").classList.remove("hidden");
      $("voidreason").focus();
    }

    // Voids the sent line as the signed-in operator, with the supervisor's ID and PIN once asked for.
    // Every refusal is listed with its reason; one a supervisor can overrule opens the approval fields.
    async function submitVoid() {
      if (!voiding) throw new Error("Choose a line to void first.");
      if (!operator) throw new Error("Sign in as an operator to void a line the kitchen has.");
      const body = { session: operator.session, reason: $("voidreason").value.trim() };
      if (!$("approval").classList.contains("hidden")) {
        body.supervisor = $("supervisorid").value.trim();
        body.supervisorPin = $("supervisorpin").value;
      }
      try {
        showTab(await api("POST", "/tabs/" + requireTab().id + "/lines/" + voiding.id + "/void", body));
      } catch (error) {
        const item = document.createElement("li");
        item.dataset.code = error.code || "";
        item.textContent = error.message;
        $("voidrefusals").appendChild(item);
        if (error.status === 403 && error.code !== "operator-required" && error.code !== "not-signed-in") {
          $("approval").classList.remove("hidden");
          $("supervisorpin").value = "";
        }
        throw error;
      }
      voiding = null;
      $("voidform").classList.add("hidden");
      await tables();
    }

    async function addToTab(code) {
      showTab(await api("POST", "/tabs/" + requireTab().id + "/lines", { code }));
      await tables();
    }

    async function sendTab() {
      const sent = await api("POST", "/tabs/" + requireTab().id + "/kitchen", {});
      showTab(sent.tab);
      return sent;
    }

    async function printTabBill() {
      const printed = await api("POST", "/tabs/" + requireTab().id + "/bill");
      $("bill").textContent = printed.text;
      $("bill").dataset.copy = printed.copy;
      showTab(printed.tab);
      await tables();
      return printed;
    }

    async function payTab(kind) {
      const current = requireTab();
      if (current.bill.lines.length === 0) throw new Error("The tab is empty: add something first.");
      const amount = kind === "cash" ? current.bill.cashDue : current.bill.total;
      const result = await api("POST", "/tabs/" + current.id + "/checkout", { tenders: [{ tender: kind, amount }] });
      $("receipt").textContent = await api("GET", "/sales/" + result.sale.id + "/receipt");
      $("receipt").dataset.saleId = result.sale.id;
      showTab(null);
      await tables();
      return result;
    }

    async function demoTable(query) {
      const id = query.get("demo-table");
      if (!id) return;
      const table = (await tables() || []).find((t) => t.id === id);
      if (!table) throw new Error("No table " + id);
      await openTable(table);
      if (query.get("demo-tab-guests")) await setGuests(Number(query.get("demo-tab-guests")));
      for (const code of (query.get("demo-tab-add") || "").split(",").filter((c) => c.length > 0)) await addToTab(code);
      if (query.get("demo-tab-kitchen")) await sendTab();
      if (query.get("demo-tab-void")) await demoVoid(query);
      if (query.get("demo-tab-bill")) await printTabBill();
      if (query.get("demo-tab-pay")) await payTab(query.get("demo-tab-pay"));
    }

    async function demoVoid(query) {
      if (query.get("demo-operator")) await signIn(query.get("demo-operator"), query.get("demo-operator-pin") || "");
      const line = tab.bill.lines.find((l) => l.sku === query.get("demo-tab-void"));
      if (!line) throw new Error("No line " + query.get("demo-tab-void") + " on the tab");
      startVoid(line);
      $("voidreason").value = query.get("demo-void-reason") || "";
      const pins = (query.get("demo-supervisor-pin") || "").split(",").filter((p) => p.length > 0);
      let voided = await submitVoid().then(() => true, () => false);
      for (const pin of pins) {
        if (voided || $("approval").classList.contains("hidden")) break;
        $("supervisorid").value = query.get("demo-supervisor") || "";
        $("supervisorpin").value = pin;
        voided = await submitVoid().then(() => true, () => false);
      }
      $("voidform").dataset.voided = voided ? "yes" : "no";
    }

    async function devices() {
      const answer = await api("GET", "/devices");
      $("devices").textContent = answer.devices.map((d) => d.device + ": " + d.state).join(" · ");
    }

    function listen() {
      const scheme = location.protocol === "https:" ? "wss:" : "ws:";
      const socket = new WebSocket(scheme + "//" + location.host + "/events?access_token=" + encodeURIComponent(token));
      socket.onmessage = (message) => {
        const event = JSON.parse(message.data);
        if (event.type === "scan") run(() => add(event.data.code));
        if (event.type === "device.status") run(devices);
      };
      socket.onclose = () => setTimeout(listen, 3000);
    }

    async function start() {
      token = takeToken();
      if (!token) {
        $("login").classList.remove("hidden");
        document.body.dataset.state = "login";
        return;
      }
      $("login").classList.add("hidden");
      $("till").classList.remove("hidden");
      show(await api("POST", "/carts"));
      await devices();
      listen();
      await tables();
      const query = new URLSearchParams(location.search);
      const scans = (query.get("demo-scan") || "").split(",").filter((code) => code.length > 0);
      for (const code of scans) await add(code);
      if (query.get("demo-pay")) await pay(query.get("demo-pay"));
      await demoTable(query);
      document.body.dataset.state = "ready";
    }

    $("login").onsubmit = (event) => {
      event.preventDefault();
      sessionStorage.setItem("b9token", $("token").value);
      run(start);
    };
    $("scanform").onsubmit = (event) => {
      event.preventDefault();
      const code = $("scan").value.trim();
      $("scan").value = "";
      if (code) run(() => add(code));
    };
    $("paycash").onclick = () => run(() => pay("cash"));
    $("paycard").onclick = () => run(() => pay("card"));
    $("tabform").onsubmit = (event) => {
      event.preventDefault();
      const code = $("tabcode").value.trim();
      $("tabcode").value = "";
      if (code) run(() => addToTab(code));
    };
    $("guestsform").onsubmit = (event) => {
      event.preventDefault();
      run(() => setGuests(Number($("guests").value)));
    };
    $("operatorform").onsubmit = (event) => {
      event.preventDefault();
      const pin = $("operatorpin").value;
      $("operatorpin").value = "";
      run(() => signIn($("operatorid").value.trim(), pin));
    };
    $("voidform").onsubmit = (event) => {
      event.preventDefault();
      run(submitVoid);
    };
    $("voidcancel").onclick = () => {
      voiding = null;
      $("voidform").classList.add("hidden");
    };
    $("tabkitchen").onclick = () => run(sendTab);
    $("tabbill").onclick = () => run(printTabBill);
    $("tabcash").onclick = () => run(() => payTab("cash"));
    $("tabcard").onclick = () => run(() => payTab("card"));
    run(start);
    </script>
    </body>
    </html>
    """#
}

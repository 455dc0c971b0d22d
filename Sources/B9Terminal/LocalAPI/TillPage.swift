/// The built-in till page served at `/`: a scan field, the cart, cash and card payment and the
/// receipt preview, in plain HTML and JavaScript (no build step, nothing fetched from outside).
///
/// The page holds no secret: it takes the API token from the URL fragment (`/#token=…`, which
/// browsers never send to the server; the daemon prints such a URL) or from its login form, keeps
/// it in `sessionStorage` and sends it as a bearer token. `?demo-scan=CODE,CODE&demo-pay=cash|card`
/// rings a sale by itself (the headless browser test and kiosk smoke tests use it).
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
    #receipt { background: #f6f6f6; padding: .5rem; }
    .hidden { display: none; }
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
      const query = new URLSearchParams(location.search);
      const scans = (query.get("demo-scan") || "").split(",").filter((code) => code.length > 0);
      for (const code of scans) await add(code);
      if (query.get("demo-pay")) await pay(query.get("demo-pay"));
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
    run(start);
    </script>
    </body>
    </html>
    """#
}

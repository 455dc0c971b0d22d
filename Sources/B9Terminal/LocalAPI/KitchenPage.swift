/// The kitchen display page served at `/kitchen` (and at `/` on a kitchen station): a grid of ticket
/// cards, oldest first, each with table, waiter, course, items with modifiers and notes, the order's note
/// and an age timer that turns amber and red after `kitchen.amber_after_seconds` / `red_after_seconds`.
/// A touch or click on a card bumps it one step (accepted → preparing → ready → off the display); the
/// keyboard does what the bump bar does (1–9 bump the Nth ticket, arrows select, Enter bumps the
/// selection, 0 or Backspace recalls the last bumped ticket). New tickets and changes arrive over the
/// `/events` WebSocket; the list is read again each time the socket (re)connects and every 30 s.
///
/// Like the till page it holds no secret: the token comes from the URL fragment (`#token=…`) or the
/// login form and stays in `sessionStorage`. `?demo-bump=N` clicks the Nth card once the tickets are
/// shown (the headless browser test uses it).
enum KitchenPage {
    static let html = #"""
    <!doctype html>
    <html lang="en">
    <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>B9 kitchen</title>
    <style>
    body { font-family: system-ui, sans-serif; margin: .5rem; background: #222; color: #eee; }
    header { display: flex; justify-content: space-between; align-items: baseline; }
    #error { color: #f66; min-height: 1.2rem; }
    #tickets { display: grid; grid-template-columns: repeat(auto-fill, minmax(16rem, 1fr)); gap: .6rem; }
    .ticket { background: #fafafa; color: #111; border-radius: .4rem; border-top: .8rem solid #3a3; padding: .5rem; cursor: pointer; user-select: none; }
    .ticket.amber { border-top-color: #e90; }
    .ticket.red { border-top-color: #d22; }
    .ticket.selected { outline: .3rem solid #39f; }
    .ticket h2 { font-size: 1.3rem; margin: 0; display: flex; justify-content: space-between; }
    .ticket .meta { font-size: .9rem; color: #444; }
    .ticket .status { font-weight: bold; text-transform: uppercase; font-size: .9rem; }
    .ticket[data-status="preparing"] .status { color: #c60; }
    .ticket[data-status="ready"] .status { color: #080; }
    .ticket ul { padding-left: 0; list-style: none; margin: .4rem 0; font-size: 1.15rem; }
    .ticket .mod { padding-left: 1.2rem; font-size: 1rem; }
    .ticket .note { padding-left: 1.2rem; font-size: 1rem; color: #b00; }
    .ticket .item.voided { text-decoration: line-through; color: #999; }
    .ticket .item.voided::after { content: " VOID"; text-decoration: none; display: inline-block; margin-left: .3rem; color: #d22; font-weight: bold; font-size: .9rem; }
    .ticket .ordernote { border-top: 1px dashed #999; color: #b00; padding-top: .3rem; }
    .hidden { display: none; }
    </style>
    </head>
    <body data-state="starting">
    <header><h1>B9 kitchen <span id="station"></span></h1><span id="count"></span></header>
    <form id="login" class="hidden">
      <label>API token <input id="token" type="password" autocomplete="off"></label>
      <button type="submit">Use</button>
    </form>
    <p id="error" role="alert"></p>
    <main id="tickets"></main>
    <script>
    "use strict";
    const $ = (id) => document.getElementById(id);
    let token = null;
    let tickets = [];
    let selected = null;
    let amberAfter = 300, redAfter = 600;
    let lastClick = Promise.resolve();

    \#(LocalAPIPageScript.tokenAndFetch)

    async function run(action) {
      $("error").textContent = "";
      try { return await action(); } catch (error) { $("error").textContent = error.message; document.body.dataset.state = "error"; }
    }

    function element(tag, className, text) {
      const node = document.createElement(tag);
      if (className) node.className = className;
      if (text !== undefined) node.textContent = text;
      return node;
    }

    function age(ticket) {
      const created = Date.parse(ticket.createdAt);
      const since = isNaN(created) ? Date.parse(ticket.receivedAt) : created;
      return Math.max(0, Math.floor((Date.now() - since) / 1000));
    }

    function clock(seconds) {
      const minutes = Math.floor(seconds / 60);
      return minutes + ":" + String(seconds % 60).padStart(2, "0");
    }

    function card(ticket, position) {
      const node = element("article", "ticket");
      node.dataset.orderId = ticket.orderID;
      node.dataset.status = ticket.status;
      const title = element("h2");
      title.appendChild(element("span", "", position + ". " + (ticket.table ? "Table " + ticket.table : "Takeaway")));
      title.appendChild(element("span", "age", clock(age(ticket))));
      node.appendChild(title);
      const meta = [ticket.waiter ? "Waiter " + ticket.waiter : null, ticket.course ? "Course " + ticket.course : null, "#" + ticket.orderID.slice(0, 8)];
      node.appendChild(element("div", "meta", meta.filter((part) => part).join(" · ")));
      node.appendChild(element("div", "status", ticket.status));
      const items = element("ul");
      for (const item of ticket.items) {
        const row = element("li", item.voided ? "item voided" : "item", item.quantity + " × " + item.name);
        for (const modifier of item.modifiers) row.appendChild(element("div", "mod", "+ " + modifier));
        if (item.notes) row.appendChild(element("div", "note", "! " + item.notes));
        items.appendChild(row);
      }
      node.appendChild(items);
      if (ticket.notes) node.appendChild(element("div", "ordernote", ticket.notes));
      node.onclick = () => { lastClick = run(() => bump(ticket.orderID)); };
      return node;
    }

    function render() {
      const grid = $("tickets");
      grid.replaceChildren(...tickets.map((ticket, index) => card(ticket, index + 1)));
      $("count").textContent = tickets.length + (tickets.length === 1 ? " ticket" : " tickets");
      tick();
    }

    function tick() {
      for (const node of $("tickets").children) {
        const ticket = tickets.find((candidate) => candidate.orderID === node.dataset.orderId);
        if (!ticket) continue;
        const seconds = age(ticket);
        node.querySelector(".age").textContent = clock(seconds);
        node.classList.toggle("amber", seconds >= amberAfter && seconds < redAfter);
        node.classList.toggle("red", seconds >= redAfter);
        node.classList.toggle("selected", ticket.orderID === selected);
      }
    }

    function upsert(ticket) {
      const index = tickets.findIndex((candidate) => candidate.orderID === ticket.orderID);
      if (ticket.status === "bumped") {
        if (index >= 0) tickets.splice(index, 1);
        if (selected === ticket.orderID) selected = null;
      } else if (index >= 0) {
        tickets[index] = ticket;
      } else {
        tickets.push(ticket);
        tickets.sort((a, b) => a.receivedAt < b.receivedAt ? -1 : a.receivedAt > b.receivedAt ? 1 : (a.orderID < b.orderID ? -1 : 1));
      }
      render();
    }

    async function load() {
      const board = await api("GET", "/kitchen/tickets");
      $("station").textContent = board.station;
      amberAfter = board.amberAfterSeconds;
      redAfter = board.redAfterSeconds;
      tickets = board.tickets;
      selected = board.selected || null;
      render();
    }

    async function bump(orderID) {
      upsert(await api("POST", "/kitchen/tickets/" + encodeURIComponent(orderID) + "/bump"));
    }

    async function recall() {
      upsert(await api("POST", "/kitchen/recall"));
    }

    function moveSelection(offset) {
      if (tickets.length === 0) { selected = null; return tick(); }
      const current = tickets.findIndex((ticket) => ticket.orderID === selected);
      const next = current < 0 ? (offset < 0 ? tickets.length - 1 : 0) : (current + offset + tickets.length) % tickets.length;
      selected = tickets[next].orderID;
      tick();
    }

    document.addEventListener("keydown", (event) => {
      if (!token || event.target.tagName === "INPUT") return;
      const key = event.key;
      if (/^[1-9]$/.test(key)) {
        const ticket = tickets[Number(key) - 1];
        if (ticket) run(() => bump(ticket.orderID));
      } else if (key === "ArrowRight" || key === "ArrowDown") {
        moveSelection(1);
      } else if (key === "ArrowLeft" || key === "ArrowUp") {
        moveSelection(-1);
      } else if (key === "Enter" || key === " ") {
        if (selected) run(() => bump(selected));
      } else if (key === "0" || key === "Backspace") {
        run(recall);
      } else {
        return;
      }
      event.preventDefault();
    });

    // Resolves once the socket is subscribed and the list read after it, so nothing is missed between.
    function listen() {
      return new Promise((resolve) => {
        const scheme = location.protocol === "https:" ? "wss:" : "ws:";
        const socket = new WebSocket(scheme + "//" + location.host + "/events?access_token=" + encodeURIComponent(token));
        socket.onmessage = (message) => {
          const event = JSON.parse(message.data);
          if (event.type === "ready") run(load).then(resolve);
          if (event.type === "kitchen.ticket") upsert(event.data);
          if (event.type === "kitchen.selection") { selected = event.data.orderID || null; tick(); }
        };
        socket.onclose = () => { resolve(); setTimeout(listen, 3000); };
      });
    }

    async function start() {
      token = takeToken();
      if (!token) {
        $("login").classList.remove("hidden");
        document.body.dataset.state = "login";
        return;
      }
      $("login").classList.add("hidden");
      await listen();
      setInterval(tick, 1000);
      setInterval(() => run(load), 30000);
      const demo = Number(new URLSearchParams(location.search).get("demo-bump") || "0");
      if (demo > 0) {
        const node = $("tickets").children[demo - 1];
        if (!node) throw new Error("no ticket " + demo + " to bump");
        node.click();
        await lastClick;
      }
      document.body.dataset.state = "ready";
    }

    $("login").onsubmit = (event) => {
      event.preventDefault();
      sessionStorage.setItem("b9token", $("token").value);
      run(start);
    };
    run(start);
    </script>
    </body>
    </html>
    """#
}

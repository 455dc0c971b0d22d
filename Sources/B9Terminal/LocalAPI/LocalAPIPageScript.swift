/// The script the built-in pages (till, kitchen) share: take the one-time token from the URL's
/// fragment into session storage, and call the local API with it (JSON in, JSON or text out; a refusal
/// throws an Error with the API's message, `status` and `code`; a 401 forgets the token). Pasted into each page's `<script>`; the pages define `token`.
enum LocalAPIPageScript {
    static let tokenAndFetch = #"""
    function takeToken() {
      const hash = new URLSearchParams(location.hash.slice(1));
      if (hash.get("token")) {
        sessionStorage.setItem("b9token", hash.get("token"));
        history.replaceState(null, "", location.pathname + location.search);
      }
      return sessionStorage.getItem("b9token");
    }

    async function api(method, path, body) {
      const response = await fetch(path, {
        method,
        headers: Object.assign({ "Authorization": "Bearer " + token }, body === undefined ? {} : { "Content-Type": "application/json" }),
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const type = response.headers.get("Content-Type") || "";
      const data = type.startsWith("application/json") ? await response.json() : await response.text();
      if (!response.ok) {
        if (response.status === 401) { sessionStorage.removeItem("b9token"); }
        const error = new Error(data && data.error ? data.error.message : "HTTP " + response.status);
        error.status = response.status;
        error.code = data && data.error ? data.error.code : "";
        throw error;
      }
      return data;
    }
    """#
}

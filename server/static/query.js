// The query page's editor: YASGUI (vendored in static/yasgui, MIT), sending queries to this site's
// /sparql only. Without JavaScript the plain form below it does the same.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  var el = document.getElementById("yasgui");
  var form = document.getElementById("query-form");
  if (!el || !form || typeof Yasgui === "undefined") return;
  var initial = form.querySelector("textarea").value;
  // shown before it is made: CodeMirror measures its text as it draws it
  el.hidden = false;
  form.hidden = true;
  var yasgui = new Yasgui(el, {
    requestConfig: { endpoint: new URL("/sparql", window.location.href).href, method: "POST" },
    copyEndpointOnNewTab: false,
    persistenceId: null, // nothing kept in the browser between visits
    endpointCatalogueOptions: { getData: function () { return []; } },
    // prefixes and variables only: the class and property completers ask a server elsewhere
    yasqe: { autocompleters: ["prefixes", "variables"] },
    yasr: { pluginOrder: ["table", "response"], defaultPlugin: "table" },
  });
  yasgui.getTab().setQuery(initial);
});

// Decisions register: filtering and sorting, as an enhancement of the plain table (which works alone).
(() => {
  const table = document.getElementById("register");
  const controls = document.getElementById("register-controls");
  const status = document.getElementById("register-status");
  if (!table || !controls) return;
  const body = table.tBodies[0];
  const rows = [...body.rows];

  const field = (label, control) => {
    const id = "register-" + label.toLowerCase().replace(/\W+/g, "-");
    const wrap = document.createElement("div");
    wrap.className = "register-field";
    const text = document.createElement("label");
    text.htmlFor = id;
    text.textContent = label;
    control.id = id;
    wrap.append(text, control);
    controls.append(wrap);
    return control;
  };
  const select = (label, key) => {
    const control = document.createElement("select");
    const values = [...new Set(rows.map((r) => r.dataset[key]))].sort();
    control.append(new Option("Any", ""), ...values.map((v) => new Option(v === "yes" ? "Yes" : v === "no" ? "No" : v, v)));
    control.dataset.key = key;
    return field(label, control);
  };

  const search = field("Search the register", Object.assign(document.createElement("input"), { type: "search" }));
  const selects = [select("Authority", "authority"), select("Decision", "verb"), select("Key decision", "key")];

  const apply = () => {
    const words = search.value.toLowerCase().split(/\s+/).filter(Boolean);
    let shown = 0;
    for (const row of rows) {
      const text = row.textContent.toLowerCase();
      const match = words.every((w) => text.includes(w)) &&
        selects.every((s) => !s.value || row.dataset[s.dataset.key] === s.value);
      row.hidden = !match;
      if (match) shown++;
    }
    status.textContent = `Showing ${shown} of ${rows.length} decisions`;
  };
  search.addEventListener("input", apply);
  selects.forEach((s) => s.addEventListener("change", apply));

  [...table.tHead.rows[0].cells].forEach((th, column) => {
    if (!th.dataset.sort) return;
    const button = document.createElement("button");
    button.type = "button";
    button.className = "sort";
    button.textContent = th.textContent;
    th.textContent = "";
    th.append(button);
    button.addEventListener("click", () => {
      const ascending = th.getAttribute("aria-sort") !== "ascending";
      table.querySelectorAll("th[aria-sort]").forEach((other) => other.removeAttribute("aria-sort"));
      th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      const key = (row) => {
        const cell = row.cells[column];
        return th.dataset.sort === "date" ? cell.dataset.value : cell.textContent.trim().toLowerCase();
      };
      rows.sort((a, b) => {
        const [x, y] = [key(a), key(b)];
        if (!x || !y) return !x - !y; // an unknown date or empty cell stays last either way
        return (x < y ? -1 : x > y ? 1 : 0) * (ascending ? 1 : -1);
      });
      body.append(...rows);
      status.textContent = `Sorted by ${button.textContent}, ${ascending ? "ascending" : "descending"}`;
    });
  });
  controls.hidden = false;
  apply();
})();

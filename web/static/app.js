// Small behaviours that htmx attributes cannot express. No framework, no inline script.
(function () {
  "use strict";
  // A draft that could not be saved (the line dropped) says so, and saves itself again as
  // soon as the browser is back online: nothing typed is lost while the page stays open.
  document.addEventListener("htmx:sendError", function (event) {
    var form = event.target.closest && event.target.closest(".proposal-form");
    if (!form) return;
    var state = document.getElementById("save-state");
    if (state) {
      state.className = "save-state error";
      state.textContent = "ยังไม่ได้บันทึก: ขาดการเชื่อมต่อ ระบบจะบันทึกให้เมื่อกลับมาออนไลน์";
    }
    form.dataset.unsaved = "1";
  });
  window.addEventListener("online", function () {
    document.querySelectorAll(".proposal-form[data-unsaved]").forEach(function (form) {
      delete form.dataset.unsaved;
      if (window.htmx) window.htmx.trigger(form, "change");
    });
  });

  // What cannot be undone asks first. htmx asks for the forms it sends (hx-confirm); a plain
  // form names what will happen in data-confirm, and "cancel" sends nothing.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form && form.dataset && form.dataset.confirm;
    if (question && !window.confirm(question)) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);

  // ---- The coordinator's board (issue 10, the board's section; keep other pages' code out) ----
  // Drag a proposal onto an issue to attach it (the bar's list, or a small pile's list
  // beside each proposal, does the same without a mouse).
  var dragged = null;
  document.addEventListener("dragstart", function (event) {
    var card = event.target.closest && event.target.closest(".proposal-card[draggable]");
    if (!card) return;
    dragged = card.dataset.proposalId;
    event.dataTransfer.setData("text/plain", dragged);
    event.dataTransfer.effectAllowed = "move";
  });
  document.addEventListener("dragover", function (event) {
    var issue = dragged && event.target.closest && event.target.closest(".issue-card");
    if (!issue) return;
    event.preventDefault();
    issue.classList.add("drop-here");
  });
  document.addEventListener("dragleave", function (event) {
    var issue = event.target.closest && event.target.closest(".issue-card");
    if (issue) issue.classList.remove("drop-here");
  });
  document.addEventListener("drop", function (event) {
    var issue = dragged && event.target.closest && event.target.closest(".issue-card");
    if (!issue || !window.htmx) return;
    event.preventDefault();
    issue.classList.remove("drop-here");
    window.htmx.ajax("POST", issue.dataset.attachUrl, {
      source: issue, target: "#board", swap: "outerHTML", values: { proposal_id: dragged }
    });
    dragged = null;
  });

  // "เลือก N ข้อเสนอ": the sticky bar counts the ticked proposals; with none ticked it
  // shrinks to that line (without script it shows everything, always).
  function countPicked() {
    var bar = document.getElementById("board-bar");
    if (!bar) return;
    var n = document.querySelectorAll("input[name=proposal_ids][form=new-issue]:checked").length;
    var shown = bar.querySelector("#picked-count strong");
    if (shown) shown.textContent = n.toLocaleString("en-US");
    bar.classList.toggle("none-picked", n === 0);
  }
  document.addEventListener("change", function (event) {
    if (event.target.matches && event.target.matches("input[name=proposal_ids][form=new-issue]")) {
      countPicked();
    }
  });

  // After an action the board comes back with data-focus on what changed (the new issue,
  // the issue added to, the refusal beside its form): focus goes there, in view.
  document.addEventListener("htmx:afterSettle", function (event) {
    // The suggestions arrive after the board and push it down: keep what changed in view.
    var focused = document.activeElement;
    if (event.target && event.target.id === "suggestions" && focused && focused.matches("[data-focus]")) {
      focused.scrollIntoView({ block: "center" });
      return;
    }
    if (!event.target || event.target.id !== "board") return;
    countPicked();
    var changed = event.target.querySelector("[data-focus]");
    if (!changed) return;
    changed.focus({ preventScroll: true });
    changed.scrollIntoView({ block: "center" });
  });
  document.addEventListener("DOMContentLoaded", countPicked);

  // A merge names both issues before it happens; "cancel" sends nothing.
  document.addEventListener("htmx:confirm", function (event) {
    var form = event.target;
    if (!form.matches || !form.matches("form[data-merge]")) return;
    var from = form.elements.issue_id, into = form.elements.into_issue_id;
    if (!from.value || !into.value) return;  // the browser says what is missing
    event.preventDefault();
    var name = function (select) { return select.options[select.selectedIndex].text; };
    var question = "รวมประเด็น “" + name(from) + "” เข้ากับ “" + name(into) + "”?\n" +
      "ข้อเสนอทั้งหมดจะย้ายไปอยู่ใน “" + name(into) + "” และ “" + name(from) + "” จะถูกปิด";
    if (window.confirm(question)) event.detail.issueRequest(true);
  });
  // ---- end of the board's section ----
})();

// The header's menus are <details data-header-menu> elements: they open and close without this
// script. With it, opening one closes the others, and Escape or a click elsewhere closes them
// (Escape returns focus to the menu's button).
(() => {
  "use strict";
  const menus = Array.from(document.querySelectorAll("details[data-header-menu]"));
  if (!menus.length) return;

  // Menus around or inside the one kept stay as they are: a toggle event arrives after the
  // fact, so the outer menu's can come after an inner menu has already been opened.
  const closeAllBut = (keep) => {
    for (const menu of menus) {
      if (menu.open && !menu.contains(keep) && !keep.contains(menu)) menu.open = false;
    }
  };

  for (const menu of menus) {
    menu.addEventListener("toggle", () => {
      if (menu.open) closeAllBut(menu);
    });
  }

  document.addEventListener("click", (event) => {
    for (const menu of menus) {
      if (menu.open && !menu.contains(event.target)) menu.open = false;
    }
  });

  document.addEventListener("keydown", (event) => {
    if (event.key !== "Escape") return;
    // The innermost open menu around the focus (or the last one opened, when focus is outside).
    const open = menus.filter((menu) => menu.open);
    const around = open.filter((menu) => menu.contains(document.activeElement));
    const menu = around.length ? around[around.length - 1] : open[open.length - 1];
    if (!menu) return;
    menu.open = false;
    menu.querySelector("summary").focus();
  });
})();

-- botoport-lsp for Neovim 0.11 and newer (vim.lsp.config), without nvim-lspconfig.
-- Load it from init.lua (`dofile("/path/to/botoport/editors/neovim-0.11.lua")`) or copy it there.
-- The root is the nearest folder above the file that holds both an `aiobotocore/` package
-- folder and a `pyproject.toml` (root_markers alone cannot say "both").

vim.lsp.config("botoport", {
  cmd = { "botoport-lsp" },
  filetypes = { "python" },
  root_dir = function(bufnr, on_dir)
    local found = vim.fs.find(function(name, path)
      return name == "pyproject.toml" and vim.fn.isdirectory(path .. "/aiobotocore") == 1
    end, { path = vim.fs.dirname(vim.api.nvim_buf_get_name(bufnr)), upward = true })[1]
    if found then
      on_dir(vim.fs.dirname(found))
    end
  end,
  init_options = {}, -- e.g. { target = "1.44.8" } to pin TO
})
vim.lsp.enable("botoport")

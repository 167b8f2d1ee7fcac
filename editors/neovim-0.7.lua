-- botoport-lsp for Neovim 0.7 to 0.10, without nvim-lspconfig.
-- Load it from init.lua (`dofile("/path/to/botoport/editors/neovim-0.7.lua")`) or copy it there.
-- The server starts for a Python buffer inside an aiobotocore checkout: the nearest folder
-- above the file that holds both an `aiobotocore/` package folder and a `pyproject.toml`.
-- Settings go in init_options (target, botocoreClone, indexUrl, cacheDir) or in BOTOPORT_*
-- environment variables.

local clients = {} -- one client per checkout root

local function checkout_root(path)
  local dir = vim.fn.fnamemodify(path, ":p:h")
  while dir ~= "" do
    if vim.fn.isdirectory(dir .. "/aiobotocore") == 1 and vim.fn.filereadable(dir .. "/pyproject.toml") == 1 then
      return dir
    end
    local parent = vim.fn.fnamemodify(dir, ":h")
    if parent == dir then
      return nil
    end
    dir = parent
  end
  return nil
end

local function attach(args)
  local root = checkout_root(vim.api.nvim_buf_get_name(args.buf))
  if root == nil then
    return
  end
  if clients[root] == nil then
    clients[root] = vim.lsp.start_client({
      name = "botoport",
      cmd = { "botoport-lsp" },
      root_dir = root,
      workspace_folders = { { uri = vim.uri_from_fname(root), name = "aiobotocore" } },
      init_options = {}, -- e.g. { target = "1.44.8" } to pin TO
    })
  end
  vim.lsp.buf_attach_client(args.buf, clients[root])
end

vim.api.nvim_create_autocmd("FileType", { pattern = "python", callback = attach })

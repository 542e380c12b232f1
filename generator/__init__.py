"""Key-project (重点项目) report sites: data/ in, a public and an internal MkDocs site out."""

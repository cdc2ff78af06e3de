"""Server-rendered pages: public browsing, delegation and presidency workspaces."""

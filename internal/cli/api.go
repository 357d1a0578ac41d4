package cli

import (
	"log/slog"
	"net/http"

	"cultivate/internal/api"
	"cultivate/internal/app"
)

func newAPI(a *app.App, log *slog.Logger) (http.Handler, error) { return api.New(a, log) }

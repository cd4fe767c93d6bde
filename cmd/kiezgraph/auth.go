package main

import (
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/kiezgraph/kiezgraph/auth"
	"github.com/kiezgraph/kiezgraph/domain"
	"github.com/kiezgraph/kiezgraph/export"
)

// authFromEnv builds the authenticator of the service from the
// environment (see the README's security section).
func authFromEnv(getenv func(string) string) (*auth.Authenticator, error) {
	cfg := auth.Config{
		HMACSecret: []byte(getenv("KIEZGRAPH_JWT_SECRET")),
		Issuer:     getenv("KIEZGRAPH_JWT_ISSUER"),
		Audience:   getenv("KIEZGRAPH_JWT_AUDIENCE"),
		Anonymous:  auth.Anonymous(envOr(getenv, "KIEZGRAPH_ANONYMOUS", string(auth.AnonymousPublic))),
	}
	for _, path := range splitList(getenv("KIEZGRAPH_JWT_PUBLIC_KEYS")) {
		pem, err := os.ReadFile(path)
		if err != nil {
			return nil, fmt.Errorf("KIEZGRAPH_JWT_PUBLIC_KEYS: %w", err)
		}
		k, err := auth.ParsePublicKey(pem)
		if err != nil {
			return nil, fmt.Errorf("KIEZGRAPH_JWT_PUBLIC_KEYS: %s: %w", path, err)
		}
		cfg.PublicKeys = append(cfg.PublicKeys, k)
	}
	if path := getenv("KIEZGRAPH_API_KEYS_FILE"); path != "" {
		f, err := os.Open(path)
		if err != nil {
			return nil, fmt.Errorf("KIEZGRAPH_API_KEYS_FILE: %w", err)
		}
		defer func() { _ = f.Close() }()
		if cfg.APIKeys, err = auth.ParseAPIKeys(f); err != nil {
			return nil, fmt.Errorf("KIEZGRAPH_API_KEYS_FILE: %w", err)
		}
	}
	return auth.New(cfg)
}

// pseudonymsFromEnv returns the pseudonymizer of KIEZGRAPH_PSEUDONYM_KEY,
// or nil (a random key per process) when it is unset.
func pseudonymsFromEnv(getenv func(string) string) (*export.Pseudonymizer, error) {
	key := getenv("KIEZGRAPH_PSEUDONYM_KEY")
	if key == "" {
		return nil, nil
	}
	p, err := export.NewPseudonymizer([]byte(key))
	if err != nil {
		return nil, fmt.Errorf("KIEZGRAPH_PSEUDONYM_KEY: %w", err)
	}
	return p, nil
}

// idKey is KIEZGRAPH_ID_KEY, which keys the ids of people made from
// their external keys (imports) or name slugs (the demo city), so that
// nobody can compute a person's id from a guess; nil when unset.
func idKey(getenv func(string) string) []byte {
	if k := getenv("KIEZGRAPH_ID_KEY"); k != "" {
		return []byte(k)
	}
	return nil
}

const tokenUsage = `usage: kiezgraph token -sub NAME -role ROLE [-districts ID,...] [-ttl 8h]

Prints a bearer token signed with KIEZGRAPH_JWT_SECRET (HS256), for
development and scripts. Production tokens come from your identity
provider (RS256/ES256, see KIEZGRAPH_JWT_PUBLIC_KEYS).

flags:
`

// runToken is the token command.
func runToken(args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("token", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(fs.Output(), tokenUsage); fs.PrintDefaults() }
	sub := fs.String("sub", "", "subject: who the token is for (recorded in the audit trail)")
	role := fs.String("role", "", "ADMIN, COORDINATOR, VIEWER or RESEARCHER")
	districts := fs.String("districts", "", "comma-separated district ids (coordinators need at least one)")
	ttl := fs.Duration("ttl", 8*time.Hour, "how long the token is valid")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return err
	}
	secret := getenv("KIEZGRAPH_JWT_SECRET")
	if secret == "" {
		return errors.New("token: set KIEZGRAPH_JWT_SECRET")
	}
	if *sub == "" {
		return errors.New("token: -sub is required")
	}
	tok, err := auth.SignHS256([]byte(secret), *sub, domain.AccessRole(strings.ToUpper(*role)), splitList(*districts), *ttl,
		getenv("KIEZGRAPH_JWT_ISSUER"), getenv("KIEZGRAPH_JWT_AUDIENCE"))
	if err != nil {
		return err
	}
	_, err = fmt.Fprintln(stdout, tok)
	return err
}

// runAPIKey is the apikey command: it makes a random key and prints the
// key (for the client) and the line for KIEZGRAPH_API_KEYS_FILE (which
// holds only its hash).
func runAPIKey(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("apikey", flag.ContinueOnError)
	fs.SetOutput(stderr)
	name := fs.String("name", "", "client name (recorded in the audit trail)")
	role := fs.String("role", "", "ADMIN, COORDINATOR, VIEWER or RESEARCHER")
	districts := fs.String("districts", "", "comma-separated district ids")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return err
	}
	if *name == "" || strings.ContainsAny(*name, " \t") {
		return errors.New("apikey: -name is required and has no spaces")
	}
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return err
	}
	key := "kg_" + hex.EncodeToString(raw)
	sum := sha256.Sum256([]byte(key))
	ds := *districts
	if ds == "" {
		ds = "-"
	}
	line := fmt.Sprintf("%s %s %s %s", *name, strings.ToUpper(*role), ds, hex.EncodeToString(sum[:]))
	// Check the line the way the service will read it.
	if _, err := auth.ParseAPIKeys(bytes.NewBufferString(line)); err != nil {
		return err
	}
	_, err := fmt.Fprintf(stdout, "key (give to the client, shown once): %s\nline for KIEZGRAPH_API_KEYS_FILE:     %s\n", key, line)
	return err
}

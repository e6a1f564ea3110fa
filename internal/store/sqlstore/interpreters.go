package sqlstore

import (
	"context"
	"database/sql"
	"sort"
	"time"

	"github.com/outreach-project/outreach/internal/dispatch"
)

const interpreterSelect = `SELECT i.id, i.user_id, u.name, u.email, i.gender, i.background_check_on, i.dv_training_on,
	i.active AND u.active, u.preferred_locale, i.last_assigned_at, u.phone, i.vetting_attested_by, i.vetting_attested_at, u.created_by
	FROM interpreters i JOIN users u ON u.id = i.user_id`

// InsertInterpreter stores a profile with its languages and modalities; sets its ID.
func (t *Tx) InsertInterpreter(ctx context.Context, i *dispatch.Interpreter) error {
	id, err := t.insert(ctx, "insert interpreter",
		"INSERT INTO interpreters (user_id, gender, background_check_on, dv_training_on, active) VALUES (?, ?, ?, ?, ?)",
		i.UserID, i.Gender, dateValue(i.BackgroundCheckOn), dateValue(i.DVTrainingOn), i.Active)
	if err != nil {
		return err
	}
	i.ID = id
	return t.insertSkills(ctx, i)
}

// insertSkills stores an interpreter's languages and modalities.
func (t *Tx) insertSkills(ctx context.Context, i *dispatch.Interpreter) error {
	for _, l := range i.Languages {
		if _, err := t.exec(ctx, "insert interpreter language", "INSERT INTO interpreter_languages (interpreter_id, language) VALUES (?, ?)", i.ID, l); err != nil {
			return err
		}
	}
	for _, m := range i.Modalities {
		if _, err := t.exec(ctx, "insert interpreter modality", "INSERT INTO interpreter_modalities (interpreter_id, modality) VALUES (?, ?)", i.ID, string(m)); err != nil {
			return err
		}
	}
	return nil
}

func dateValue(d *dispatch.Date) any {
	if d == nil {
		return nil
	}
	return d.String()
}

func scanInterpreter(row interface{ Scan(...any) error }) (*dispatch.Interpreter, error) {
	var i dispatch.Interpreter
	var bg, dv sql.NullString
	var last, attestedBy, attestedAt, createdBy sql.NullInt64
	if err := row.Scan(&i.ID, &i.UserID, &i.Name, &i.Email, &i.Gender, &bg, &dv, &i.Active, &i.PreferredLocale, &last, &i.Phone,
		&attestedBy, &attestedAt, &createdBy); err != nil {
		return nil, err
	}
	if attestedBy.Valid {
		i.VettingAttestedBy = &attestedBy.Int64
	}
	i.VettingAttestedAt, i.CreatedBy = fromNullMS(attestedAt), createdBy.Int64
	for _, pair := range []struct {
		s   sql.NullString
		dst **dispatch.Date
	}{{bg, &i.BackgroundCheckOn}, {dv, &i.DVTrainingOn}} {
		if pair.s.Valid {
			d, err := dispatch.ParseDate(pair.s.String)
			if err != nil {
				return nil, err
			}
			*pair.dst = &d
		}
	}
	i.LastAssignedAt = fromNullMS(last)
	return &i, nil
}

// GetInterpreter reads one profile.
func (t *Tx) GetInterpreter(ctx context.Context, id int64) (*dispatch.Interpreter, error) {
	return t.oneInterpreter(ctx, interpreterSelect+" WHERE i.id = ?", id)
}

// InterpreterByUser reads the profile of a user.
func (t *Tx) InterpreterByUser(ctx context.Context, userID int64) (*dispatch.Interpreter, error) {
	return t.oneInterpreter(ctx, interpreterSelect+" WHERE i.user_id = ?", userID)
}

func (t *Tx) oneInterpreter(ctx context.Context, q string, arg any) (*dispatch.Interpreter, error) {
	i, err := scanInterpreter(t.queryRow(ctx, q, arg))
	if err != nil {
		return nil, t.notFound(err, "interpreter")
	}
	if err := t.fillSkills(ctx, map[int64]*dispatch.Interpreter{i.ID: i}); err != nil {
		return nil, err
	}
	return i, nil
}

// ListInterpreters reads every profile, by id.
func (t *Tx) ListInterpreters(ctx context.Context) ([]*dispatch.Interpreter, error) {
	rows, err := t.query(ctx, "list interpreters", interpreterSelect+" ORDER BY i.id")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	byID := map[int64]*dispatch.Interpreter{}
	var out []*dispatch.Interpreter
	for rows.Next() {
		i, err := scanInterpreter(rows)
		if err != nil {
			return nil, t.wrap("scan interpreter", err)
		}
		byID[i.ID] = i
		out = append(out, i)
	}
	if err := rows.Err(); err != nil {
		return nil, t.wrap("list interpreters", err)
	}
	return out, t.fillSkills(ctx, byID)
}

// fillSkills loads languages and modalities for the interpreters given.
func (t *Tx) fillSkills(ctx context.Context, byID map[int64]*dispatch.Interpreter) error {
	if len(byID) == 0 {
		return nil
	}
	err := t.eachPair(ctx, "SELECT interpreter_id, language FROM interpreter_languages ORDER BY interpreter_id, language", func(id int64, v string) {
		if i, ok := byID[id]; ok {
			i.Languages = append(i.Languages, v)
		}
	})
	if err != nil {
		return err
	}
	err = t.eachPair(ctx, "SELECT interpreter_id, modality FROM interpreter_modalities ORDER BY interpreter_id", func(id int64, v string) {
		if i, ok := byID[id]; ok {
			i.Modalities = append(i.Modalities, dispatch.Modality(v))
		}
	})
	for _, i := range byID {
		sort.Slice(i.Modalities, func(a, b int) bool { return modalityRank(i.Modalities[a]) < modalityRank(i.Modalities[b]) })
	}
	return err
}

// eachPair calls fn for every (id, value) row of q.
func (t *Tx) eachPair(ctx context.Context, q string, fn func(int64, string), args ...any) error {
	rows, err := t.query(ctx, "read pairs", q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var v string
		if err := rows.Scan(&id, &v); err != nil {
			return t.wrap("scan pair", err)
		}
		fn(id, v)
	}
	return rows.Err()
}

func modalityRank(m dispatch.Modality) int {
	for i, v := range dispatch.Modalities {
		if v == m {
			return i
		}
	}
	return len(dispatch.Modalities)
}

// TouchLastAssigned records an interpreter's latest assignment, for fair routing.
func (t *Tx) TouchLastAssigned(ctx context.Context, interpreterID int64, at time.Time) error {
	_, err := t.exec(ctx, "touch interpreter", "UPDATE interpreters SET last_assigned_at = ? WHERE id = ?", ms(at), interpreterID)
	return err
}

// SetCalendarToken stores the hash of an interpreter's calendar feed token (replacing any
// earlier one, which stops working).
func (t *Tx) SetCalendarToken(ctx context.Context, interpreterID int64, hash []byte) error {
	_, err := t.exec(ctx, "set calendar token", "UPDATE interpreters SET calendar_token_hash = ? WHERE id = ?", hash, interpreterID)
	return err
}

// InterpreterByCalendarToken finds the interpreter whose feed token hashes to hash.
func (t *Tx) InterpreterByCalendarToken(ctx context.Context, hash []byte) (*dispatch.Interpreter, error) {
	return t.oneInterpreter(ctx, interpreterSelect+" WHERE i.calendar_token_hash = ?", hash)
}

// UpdateInterpreter writes a profile's name, phone, preferred locale, gender, languages
// and modalities.
func (t *Tx) UpdateInterpreter(ctx context.Context, i *dispatch.Interpreter) error {
	if _, err := t.exec(ctx, "update interpreter user", "UPDATE users SET name = ?, phone = ?, preferred_locale = ? WHERE id = ?",
		i.Name, i.Phone, i.PreferredLocale, i.UserID); err != nil {
		return err
	}
	if _, err := t.exec(ctx, "update interpreter", "UPDATE interpreters SET gender = ? WHERE id = ?", i.Gender, i.ID); err != nil {
		return err
	}
	for _, q := range []string{"DELETE FROM interpreter_languages WHERE interpreter_id = ?", "DELETE FROM interpreter_modalities WHERE interpreter_id = ?"} {
		if _, err := t.exec(ctx, "clear interpreter skills", q, i.ID); err != nil {
			return err
		}
	}
	return t.insertSkills(ctx, i)
}

// SetInterpreterActive sets whether an interpreter may be offered requests.
func (t *Tx) SetInterpreterActive(ctx context.Context, id int64, active bool) error {
	_, err := t.exec(ctx, "set interpreter active", "UPDATE interpreters SET active = ? WHERE id = ?", active, id)
	return err
}

// SetVetting writes an interpreter's vetting and adds the change to the history.
func (t *Tx) SetVetting(ctx context.Context, v *dispatch.VettingRecord) error {
	var by, at any
	if v.Attested {
		by, at = v.RecordedBy, ms(v.At)
	}
	if _, err := t.exec(ctx, "set vetting", "UPDATE interpreters SET background_check_on = ?, dv_training_on = ?, vetting_attested_by = ?, vetting_attested_at = ? WHERE id = ?",
		dateValue(v.BackgroundCheckOn), dateValue(v.DVTrainingOn), by, at, v.InterpreterID); err != nil {
		return err
	}
	_, err := t.insert(ctx, "insert vetting record", "INSERT INTO vetting_attestations (interpreter_id, background_check_on, dv_training_on, recorded_by, attested, at) VALUES (?, ?, ?, ?, ?, ?)",
		v.InterpreterID, dateValue(v.BackgroundCheckOn), dateValue(v.DVTrainingOn), v.RecordedBy, v.Attested, ms(v.At))
	return err
}

// VettingHistory lists every vetting change, newest first.
func (t *Tx) VettingHistory(ctx context.Context) ([]*dispatch.VettingRecord, error) {
	rows, err := t.query(ctx, "vetting history", "SELECT interpreter_id, background_check_on, dv_training_on, recorded_by, attested, at FROM vetting_attestations ORDER BY id DESC")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*dispatch.VettingRecord
	for rows.Next() {
		var v dispatch.VettingRecord
		var bg, dv sql.NullString
		var at int64
		if err := rows.Scan(&v.InterpreterID, &bg, &dv, &v.RecordedBy, &v.Attested, &at); err != nil {
			return nil, t.wrap("scan vetting record", err)
		}
		v.At = fromMS(at)
		for _, p := range []struct {
			s   sql.NullString
			dst **dispatch.Date
		}{{bg, &v.BackgroundCheckOn}, {dv, &v.DVTrainingOn}} {
			if p.s.Valid {
				d, err := dispatch.ParseDate(p.s.String)
				if err != nil {
					return nil, t.wrap("scan vetting date", err)
				}
				*p.dst = &d
			}
		}
		out = append(out, &v)
	}
	return out, rows.Err()
}

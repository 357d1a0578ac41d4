package practice

import (
	"context"
	"fmt"

	"cultivate/internal/account"
	"cultivate/internal/community"
	"cultivate/internal/errs"
	"cultivate/internal/notify"
	"cultivate/internal/store"
	"cultivate/internal/validate"
)

// Reply answers request requestID; members only, and not on a locked,
// closed or deleted request. The first reply by someone other than the
// asker stops the response clock and records whether the commitment was
// met; any such reply ends a claim. The asker and @mentioned members are
// told.
func (s *Service) Reply(ctx context.Context, user account.User, slug string, requestID int64, body string) (Reply, error) {
	c, m, err := s.member(ctx, user, slug, "reply")
	if err != nil {
		return Reply{}, err
	}
	var f errs.Fields
	body = validate.Text(&f, "body", "Reply", body, 1, MaxReply, true)
	if err := f.Err(); err != nil {
		return Reply{}, err
	}
	now := s.clock.Now()
	out := Reply{RequestID: requestID, Author: Person{ID: user.ID, Name: user.Name, Handle: user.Handle}, Body: body,
		Revision: 1, CreatedAt: now, UpdatedAt: now, CanEdit: true, CanDelete: true}
	err = s.db.WithTx(ctx, func(ctx context.Context) error {
		r, err := s.loadVisible(ctx, m, c.ID, requestID)
		if err != nil {
			return err
		}
		if err := r.writable(); err != nil {
			return err
		}
		if err := s.db.QueryRowContext(ctx, `INSERT INTO replies (request_id, author_id, body, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $4) RETURNING id`, requestID, user.ID, body, store.Millis(now)).Scan(&out.ID); err != nil {
			return fmt.Errorf("practice: reply: %w", err)
		}
		if _, err := s.db.ExecContext(ctx, `UPDATE requests SET reply_count = reply_count + 1 WHERE id = $1`, requestID); err != nil {
			return fmt.Errorf("practice: reply: %w", err)
		}
		if err := s.touch(ctx, requestID, store.Millis(now)); err != nil {
			return err
		}
		detail := map[string]any{"reply_id": out.ID}
		if user.ID != r.authorID {
			first := !r.firstReplyAt.Valid
			met := store.Millis(now) <= r.dueAt
			if _, err := s.db.ExecContext(ctx, `UPDATE requests SET claimed_by = NULL, claimed_until = NULL,
					first_reply_at = COALESCE(first_reply_at, $1),
					first_reply_by = CASE WHEN first_reply_at IS NULL THEN $2 ELSE first_reply_by END,
					commitment_met = CASE WHEN first_reply_at IS NULL THEN $3 ELSE commitment_met END
				WHERE id = $4`, store.Millis(now), user.ID, met, requestID); err != nil {
				return fmt.Errorf("practice: first reply: %w", err)
			}
			if first {
				detail["first"], detail["met"] = true, met
				detail["minutes_to_first_reply"] = (store.Millis(now) - r.createdAt) / 60000
			}
		}
		if err := s.reindex(ctx, requestID); err != nil {
			return err
		}
		if err := s.record(ctx, now, c.ID, user.ID, ActivityReplied, SubjectRequest, requestID, detail); err != nil {
			return err
		}
		link := ReplyLink(c.Slug, requestID, out.ID)
		if err := s.inbox.Send(ctx, notify.Note{Kind: notify.Reply, CommunityID: c.ID, ActorID: user.ID,
			Title: user.Name + " replied to " + quote(r.title), Link: link}, r.authorID); err != nil {
			return err
		}
		return s.notifyMentions(ctx, c.ID, user.ID, "", body, notify.Note{
			Title: user.Name + " mentioned you in a reply to " + quote(r.title), Link: link}, r.authorID)
	})
	if err != nil {
		return Reply{}, err
	}
	return out, nil
}

// Comment adds a comment under reply replyID; members only, and not on a
// locked, closed or deleted request. Comments go one level deep: a comment
// on a comment joins the same reply. The reply's author (and the author of
// the comment answered) and @mentioned members are told.
func (s *Service) Comment(ctx context.Context, user account.User, slug string, replyID int64, body string) (Reply, error) {
	c, m, err := s.member(ctx, user, slug, "comment")
	if err != nil {
		return Reply{}, err
	}
	var f errs.Fields
	body = validate.Text(&f, "body", "Comment", body, 1, MaxComment, true)
	if err := f.Err(); err != nil {
		return Reply{}, err
	}
	now := s.clock.Now()
	out := Reply{Author: Person{ID: user.ID, Name: user.Name, Handle: user.Handle}, Body: body,
		Revision: 1, CreatedAt: now, UpdatedAt: now, CanEdit: true, CanDelete: true}
	err = s.db.WithTx(ctx, func(ctx context.Context) error {
		parent, err := s.liveReply(ctx, m, c.ID, replyID, "comments are closed")
		if err != nil {
			return err
		}
		top := parent
		if parent.parentID != 0 {
			if top, err = s.liveReply(ctx, m, c.ID, parent.parentID, "comments are closed"); err != nil {
				return err
			}
		}
		r, err := s.loadVisible(ctx, m, c.ID, top.requestID)
		if err != nil {
			return err
		}
		if err := r.writable(); err != nil {
			return err
		}
		out.RequestID, out.ParentID = r.id, top.id
		if err := s.db.QueryRowContext(ctx, `INSERT INTO replies (request_id, parent_id, author_id, body, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $5) RETURNING id`, r.id, top.id, user.ID, body, store.Millis(now)).Scan(&out.ID); err != nil {
			return fmt.Errorf("practice: comment: %w", err)
		}
		if err := s.touch(ctx, r.id, store.Millis(now)); err != nil {
			return err
		}
		if err := s.reindex(ctx, r.id); err != nil {
			return err
		}
		if err := s.record(ctx, now, c.ID, user.ID, ActivityCommented, SubjectRequest, r.id,
			map[string]any{"reply_id": top.id, "comment_id": out.ID}); err != nil {
			return err
		}
		link := ReplyLink(c.Slug, r.id, out.ID)
		if err := s.inbox.Send(ctx, notify.Note{Kind: notify.Comment, CommunityID: c.ID, ActorID: user.ID,
			Title: user.Name + " commented on your reply to " + quote(r.title), Link: link}, top.authorID, parent.authorID); err != nil {
			return err
		}
		return s.notifyMentions(ctx, c.ID, user.ID, "", body, notify.Note{
			Title: user.Name + " mentioned you in a comment on " + quote(r.title), Link: link}, top.authorID, parent.authorID)
	})
	if err != nil {
		return Reply{}, err
	}
	return out, nil
}

// liveReply loads a reply that is not deleted: a deleted one is NotFound to
// members and a Conflict (saying why) to moderators, who can see it.
func (s *Service) liveReply(ctx context.Context, m community.Membership, communityID, id int64, closed string) (replyRow, error) {
	p, err := s.loadReply(ctx, communityID, id)
	if err != nil {
		return p, err
	}
	if p.deletedAt.Valid {
		if m.CanModerate() {
			return p, errs.E(errs.Conflict, "This reply was deleted; %s.", closed)
		}
		return p, errNoReply()
	}
	return p, nil
}

// EditReply changes the text of a reply or comment. Its author may, while
// the request is open to replies; the leader and the core group may at any
// time, to moderate. The version replaced is kept (see Revisions).
func (s *Service) EditReply(ctx context.Context, user account.User, slug string, replyID int64, body string) (Reply, error) {
	c, m, err := s.member(ctx, user, slug, "edit replies")
	if err != nil {
		return Reply{}, err
	}
	var f errs.Fields
	body = validate.Text(&f, "body", "Reply", body, 1, MaxReply, true)
	if err := f.Err(); err != nil {
		return Reply{}, err
	}
	now := s.clock.Now()
	var out Reply
	err = s.db.WithTx(ctx, func(ctx context.Context) error {
		p, err := s.liveReply(ctx, m, c.ID, replyID, "it can no longer be edited")
		if err != nil {
			return err
		}
		r, err := s.loadVisible(ctx, m, c.ID, p.requestID)
		if err != nil {
			return err
		}
		if p.authorID != user.ID && !m.CanModerate() {
			return errs.E(errs.Forbidden, "Only its author, the leader or the core group can edit this reply.")
		}
		if !m.CanModerate() {
			if err := r.writable(); err != nil {
				return err
			}
		}
		if p.parentID != 0 && len([]rune(body)) > MaxComment {
			return errs.Field("body", fmt.Sprintf("Comment must be at most %d characters (it has %d).", MaxComment, len([]rune(body))))
		}
		people, err := s.people(ctx, p.authorID)
		if err != nil {
			return err
		}
		out = Reply{ID: p.id, RequestID: p.requestID, ParentID: p.parentID, Author: people[p.authorID], Body: p.body,
			Revision: p.revision, CreatedAt: store.Time(p.createdAt), UpdatedAt: store.Time(p.updatedAt),
			Accepted: r.status == Solved && r.acceptedReplyID == p.id, CanEdit: true}
		out.CanDelete = !out.Accepted
		if p.body == body {
			return nil
		}
		if _, err := s.db.ExecContext(ctx, `INSERT INTO revisions (subject_type, subject_id, revision, editor_id, body, created_at)
			VALUES ('reply', $1, $2, $3, $4, $5)`, p.id, p.revision, user.ID, p.body, store.Millis(now)); err != nil {
			return fmt.Errorf("practice: keep revision of reply %d: %w", p.id, err)
		}
		if _, err := s.db.ExecContext(ctx, `UPDATE replies SET body = $1, revision = revision + 1, updated_at = $2 WHERE id = $3`,
			body, store.Millis(now), p.id); err != nil {
			return fmt.Errorf("practice: edit reply %d: %w", p.id, err)
		}
		out.Body, out.Revision, out.UpdatedAt = body, p.revision+1, now
		if err := s.reindex(ctx, r.id); err != nil {
			return err
		}
		if err := s.record(ctx, now, c.ID, user.ID, ActivityReplyEdited, SubjectReply, p.id,
			map[string]any{"request_id": r.id, "revision": p.revision + 1, "moderated": p.authorID != user.ID}); err != nil {
			return err
		}
		return s.notifyMentions(ctx, c.ID, user.ID, p.body, body, notify.Note{
			Title: user.Name + " mentioned you in a reply to " + quote(r.title), Link: ReplyLink(c.Slug, r.id, p.id)})
	})
	if err != nil {
		return Reply{}, err
	}
	return out, nil
}

// DeleteReply deletes a reply or comment (softly: moderators can still read
// it). Its author may while the request is open to replies; the leader and
// the core group may at any time. The accepted reply cannot be deleted
// until it is unaccepted.
func (s *Service) DeleteReply(ctx context.Context, user account.User, slug string, replyID int64) error {
	c, m, err := s.member(ctx, user, slug, "delete replies")
	if err != nil {
		return err
	}
	now := s.clock.Now()
	return s.db.WithTx(ctx, func(ctx context.Context) error {
		p, err := s.liveReply(ctx, m, c.ID, replyID, "there is nothing more to delete")
		if err != nil {
			return err
		}
		r, err := s.loadVisible(ctx, m, c.ID, p.requestID)
		if err != nil {
			return err
		}
		if p.authorID != user.ID && !m.CanModerate() {
			return errs.E(errs.Forbidden, "Only its author, the leader or the core group can delete this reply.")
		}
		if !m.CanModerate() {
			if err := r.writable(); err != nil {
				return err
			}
		}
		if r.status == Solved && r.acceptedReplyID == p.id {
			return errs.E(errs.Conflict, "This reply is marked as the one that solved the request; unmark it before deleting it.")
		}
		if _, err := s.db.ExecContext(ctx, `UPDATE replies SET deleted_at = $1 WHERE id = $2`, store.Millis(now), p.id); err != nil {
			return fmt.Errorf("practice: delete reply %d: %w", p.id, err)
		}
		if p.parentID == 0 {
			if _, err := s.db.ExecContext(ctx, `UPDATE requests SET reply_count = reply_count - 1 WHERE id = $1 AND reply_count > 0`, r.id); err != nil {
				return fmt.Errorf("practice: delete reply %d: %w", p.id, err)
			}
		}
		if err := s.reindex(ctx, r.id); err != nil {
			return err
		}
		return s.record(ctx, now, c.ID, user.ID, ActivityReplyDeleted, SubjectReply, p.id,
			map[string]any{"request_id": r.id, "moderated": p.authorID != user.ID})
	})
}

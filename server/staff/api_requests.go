package staff

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/outreach-project/outreach/internal/apperr"
	"github.com/outreach-project/outreach/internal/dispatch"
)

func (s *Server) apiCreateRequest(c echo.Context) error {
	data, err := body(c)
	if err != nil {
		return err
	}
	in, err := dispatch.DecodeRequest(data)
	if err != nil {
		return err
	}
	v, err := s.Dispatch.CreateRequest(c.Request().Context(), actor(c), in)
	if err != nil {
		return err
	}
	c.Response().Header().Set("Location", apiPrefix+"/requests/"+itoa(v.ID))
	return c.JSON(http.StatusCreated, v)
}

func (s *Server) apiGetRequest(c echo.Context) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	v, err := s.Dispatch.Request(c.Request().Context(), actor(c), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, v)
}

var requestStatuses = []dispatch.Status{dispatch.StatusOpen, dispatch.StatusOffered, dispatch.StatusAccepted,
	dispatch.StatusCompleted, dispatch.StatusCancelled, dispatch.StatusFallback}

func (s *Server) apiListRequests(c echo.Context) error {
	status := dispatch.Status(c.QueryParam("status"))
	if status != "" && !contains(requestStatuses, status) {
		return apperr.InvalidField("status", dispatch.KeyInvalidField, "unknown status")
	}
	vs, err := s.Dispatch.Requests(c.Request().Context(), actor(c), status)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, nonNil(vs))
}

func (s *Server) apiCancelRequest(c echo.Context) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	v, err := s.Dispatch.Cancel(c.Request().Context(), actor(c), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, v)
}

func (s *Server) apiCompleteRequest(c echo.Context) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	v, err := s.Dispatch.Complete(c.Request().Context(), actor(c), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, v)
}

var offerStatuses = []dispatch.OfferStatus{dispatch.OfferPending, dispatch.OfferAccepted, dispatch.OfferDeclined,
	dispatch.OfferConflict, dispatch.OfferExpired, dispatch.OfferWithdrawn, dispatch.OfferUndeliverable}

func (s *Server) apiListOffers(c echo.Context) error {
	status := dispatch.OfferStatus(c.QueryParam("status"))
	if status != "" && !contains(offerStatuses, status) {
		return apperr.InvalidField("status", dispatch.KeyInvalidField, "unknown status")
	}
	vs, err := s.Dispatch.Offers(c.Request().Context(), actor(c), status)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, nonNil(vs))
}

func (s *Server) apiAcceptOffer(c echo.Context) error   { return s.answerOffer(c, s.Dispatch.Accept) }
func (s *Server) apiDeclineOffer(c echo.Context) error  { return s.answerOffer(c, s.Dispatch.Decline) }
func (s *Server) apiConflictOffer(c echo.Context) error { return s.answerOffer(c, s.Dispatch.Conflict) }

type offerAnswer func(ctx contextT, actor actorT, id int64) (*dispatch.OfferView, error)

func (s *Server) answerOffer(c echo.Context, answer offerAnswer) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	v, err := answer(c.Request().Context(), actor(c), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, v)
}

func contains[T comparable](list []T, v T) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

// nonNil makes an empty list encode as [] rather than null.
func nonNil[T any](v []T) []T {
	if v == nil {
		return []T{}
	}
	return v
}

func (s *Server) apiBreakGlass(c echo.Context) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	data, err := body(c)
	if err != nil {
		return err
	}
	var in struct {
		Reason string `json:"reason"`
	}
	if err := dispatch.DecodeStrict(data, &in); err != nil {
		return err
	}
	v, err := s.Dispatch.BreakGlass(c.Request().Context(), actor(c), id, in.Reason)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, v)
}

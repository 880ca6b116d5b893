import { Link, useLocation } from 'react-router';

/** An address Flightdeck has no page for says so, instead of quietly showing Home. */
export const NotFoundPage = () => {
  const location = useLocation();
  return (
    <div className="card stack" style={{ maxWidth: 560 }} data-testid="not-found">
      <h1>Page not found</h1>
      <p className="muted" style={{ margin: 0 }}>
        There is no page at <code>{location.pathname}</code>. It may have moved, or the link is mistyped.
      </p>
      <Link to="/">Go to the dashboard</Link>
    </div>
  );
};
